using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PersoActors.Gateway.Tests.Infrastructure;

/// <summary>The real gateway with its embedded silo, storing state in a fresh SQLite file (or a
/// given one, to restart a gateway on the same data).</summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    public const string SiteKey = "dev-site-key";
    public const string AdminKey = "dev-admin-key";

    private readonly string? ownedDirectory;
    private readonly Dictionary<string, string> settings = new(StringComparer.Ordinal);

    public GatewayFactory()
        : this(null)
    {
    }

    private GatewayFactory(string? databasePath)
    {
        if (databasePath is null)
        {
            ownedDirectory = Directory.CreateTempSubdirectory("persoactors-gateway-").FullName;
            databasePath = Path.Combine(ownedDirectory, "gateway.db");
        }

        DatabasePath = databasePath;
    }

    /// <summary>A gateway on an existing database file (to restart on the same data); the caller deletes it.</summary>
    public static GatewayFactory On(string databasePath) => new(databasePath);

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string DatabasePath { get; }

    /// <summary>Starts the gateway on Kestrel at a free 127.0.0.1 port, for tests that need a real socket (what
    /// TestServer does not do: connection limits, timeouts, bodies left out of HEAD answers); returns the port.</summary>
    public int StartOnLoopbackSocket()
    {
        UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address).Port;
    }

    public HttpClient Site() => ClientWithKey(SiteKey);

    public HttpClient Admin() => ClientWithKey(AdminKey);

    public HttpClient Anonymous() => CreateClient();

    public HttpClient ClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Adds a configuration setting; call before the first client is created.</summary>
    public GatewayFactory WithSetting(string key, string value)
    {
        settings[key] = value;
        return this;
    }

    public static string NewCustomerId(string prefix = "c") => $"{prefix}-{Guid.NewGuid():N}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:SqlitePath", DatabasePath);

        // A test host shares two busy cores with the test runner and other builds: queue-wait shedding would turn its
        // scheduling hiccups into random 503s. The tests that are about shedding turn it on.
        builder.UseSetting("Overload:MaxQueueWait", "00:00:00");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.ClearProviders());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownedDirectory is not null)
        {
            Directory.Delete(ownedDirectory, recursive: true);
        }
    }
}

/// <summary>Shortcuts for calling the API in tests.</summary>
public static class ApiCalls
{
    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object body) =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, options: GatewayFactory.Json) });

    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string body) =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });

    /// <summary>Sends <paramref name="body"/> encoded as ISO-8859-1, the way a misconfigured client would: any
    /// character above 0x7F becomes a byte that is not valid UTF-8.</summary>
    public static Task<HttpResponseMessage> SendLatin1Async(this HttpClient client, HttpMethod method, string url, string body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(System.Text.Encoding.Latin1.GetBytes(body));
        content.Headers.ContentType = new(contentType);
        return client.SendAsync(new HttpRequestMessage(method, url) { Content = content });
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(GatewayFactory.Json))!;
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Asserts a problem+json answer with this status naming this field, with a <c>type</c> and the
    /// <c>traceId</c> every problem carries (whichever part of the gateway wrote it); returns the field's first message.</summary>
    public static async Task<string> AssertProblemAsync(this HttpResponseMessage response, int status, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("field").GetString() == field, $"expected field '{field}': {text}");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), text);
        Assert.True(problem.TryGetProperty("type", out var type) && type.GetString() is { Length: > 0 }, $"no type: {text}");
        Assert.True(problem.TryGetProperty("traceId", out var trace) && trace.GetString() is { Length: > 0 }, $"no traceId: {text}");
        return messages[0].GetString()!;
    }

    public static async Task GrantAsync(this HttpClient client, string customerId, params string[] purposes)
    {
        var response = await client.SendJsonAsync(HttpMethod.Patch, $"/v1/customers/{customerId}/consents",
            new { consents = purposes.ToDictionary(p => p, _ => "granted"), source = "test" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<Grains.Interfaces.Customers.TrackEventsResult> TrackAsync(this HttpClient client, string customerId, params object[] events) =>
        await (await client.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{customerId}/events", new { events }))
            .ReadAsync<Grains.Interfaces.Customers.TrackEventsResult>();
}

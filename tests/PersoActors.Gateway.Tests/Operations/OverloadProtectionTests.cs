using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PersoActors.Gateway.Hosting;
using PersoActors.Gateway.Tests.Infrastructure;

namespace PersoActors.Gateway.Tests.Operations;

public sealed class OverloadProtectionTests
{
    private const string OneView = """{"events":[{"type":"view","itemId":"sku-1","categories":["shoes"]}]}""";

    [Fact]
    public async Task A_saturated_gateway_sheds_excess_requests_at_once_and_still_answers_the_accepted_ones()
    {
        await using var factory = new GatewayFactory()
            .WithSetting("Overload:MaxConcurrentRequests", "3")
            .WithSetting("Overload:RetryAfter", "00:00:02");
        var site = Streaming(factory);
        var shedder = factory.Services.GetRequiredService<OverloadProtection.LoadShedder>();
        var customers = new[] { GatewayFactory.NewCustomerId(), GatewayFactory.NewCustomerId(), GatewayFactory.NewCustomerId() };
        foreach (var id in customers)
        {
            await site.GrantAsync(id, "analytics");
        }

        // Three requests hold all the slots (their bodies arrive slowly).
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = customers.Select(id => site.PostAsync($"/v1/customers/{id}/events", new HeldContent(OneView, release.Task))).ToArray();
        await WaitUntilAsync(() => shedder.InProgress == 3);

        var clock = Stopwatch.StartNew();
        var shed = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            site.PostAsync("/v1/customers/someone/recommendations", new StringContent("""{"slot":"home","count":10}""", Encoding.UTF8, "application/json"))));
        var shedIn = clock.Elapsed;
        var health = await factory.Anonymous().GetAsync("/health");
        var cluster = await factory.Admin().GetAsync("/v1/cluster");

        foreach (var response in shed)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            Assert.Equal("Service overloaded", problem.GetProperty("title").GetString());
            Assert.Equal("concurrency", problem.GetProperty("cause").GetString());
        }

        Assert.True(shedIn < TimeSpan.FromSeconds(2), $"shedding took {shedIn}");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cluster.StatusCode);
        Assert.Equal(5, shedder.Shed);

        release.SetResult();
        foreach (var response in await Task.WhenAll(held))
        {
            var result = await response.ReadJsonAsync();
            Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        }

        foreach (var id in customers)
        {
            var profile = await (await site.GetAsync($"/v1/customers/{id}")).ReadJsonAsync();
            Assert.Equal("sku-1", profile.GetProperty("recentEvents")[0].GetProperty("itemId").GetString());
        }
    }

    [Fact]
    public async Task Below_the_limit_nothing_is_shed()
    {
        await using var factory = new GatewayFactory()
            .WithSetting("Overload:MaxConcurrentRequests", "64");
        var site = factory.Site();
        var id = GatewayFactory.NewCustomerId();
        await site.GrantAsync(id, "analytics");

        var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ =>
            site.PostAsync($"/v1/customers/{id}/events", new StringContent(OneView, Encoding.UTF8, "application/json"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var profile = await (await site.GetAsync($"/v1/customers/{id}")).ReadJsonAsync();
        Assert.Equal(60, profile.GetProperty("recentEvents").GetArrayLength());
    }

    [Fact]
    public async Task Shedding_can_be_turned_off()
    {
        await using var factory = new GatewayFactory()
            .WithSetting("Overload:Enabled", "false")
            .WithSetting("Overload:MaxConcurrentRequests", "1");
        var site = Streaming(factory);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = GatewayFactory.NewCustomerId();
        var held = site.PostAsync($"/v1/customers/{id}/events", new HeldContent(OneView, release.Task));

        var other = await site.GetAsync($"/v1/customers/{GatewayFactory.NewCustomerId()}/consents");

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        release.SetResult();
        Assert.Equal(HttpStatusCode.OK, (await held).StatusCode);
    }

    /// <summary>A site client that streams request bodies (the default test client buffers them to follow redirects).</summary>
    private static HttpClient Streaming(GatewayFactory factory)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", GatewayFactory.SiteKey);
        return client;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), $"condition not reached within 20 s");
            await Task.Delay(5);
        }
    }

    /// <summary>A JSON body whose second half is sent only when <paramref name="release"/> completes, so the request
    /// holds its slot in the gateway until then.</summary>
    private sealed class HeldContent : HttpContent
    {
        private readonly string json;
        private readonly Task release;

        public HeldContent(string json, Task release)
        {
            this.json = json;
            this.release = release;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var half = bytes.Length / 2;
            await stream.WriteAsync(bytes.AsMemory(0, half));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

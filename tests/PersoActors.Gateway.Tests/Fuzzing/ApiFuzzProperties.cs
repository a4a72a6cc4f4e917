using FsCheck;
using FsCheck.Fluent;
using PersoActors.Tests.Shared;
using PersoActors.Gateway.Tests.Infrastructure;

namespace PersoActors.Gateway.Tests.Fuzzing;

/// <summary>The real gateway (embedded silo, SQLite) shared by the fuzzing properties of one class.</summary>
public sealed class FuzzGateway : IAsyncLifetime
{
    public GatewayFactory Factory { get; } = new GatewayFactory()
        .WithSetting("RateLimits:Enabled", "false")
        .WithSetting("Overload:Enabled", "false")
        .WithSetting("Orchestration:Destinations:crm:Url", "http://127.0.0.1:9/")
        .WithSetting("Orchestration:Destinations:crm:Secret", "fuzzing-secret-fuzzing-secret-32b");

    public HttpClient Client { get; private set; } = null!;

    /// <summary>A decision id this gateway issued, so feedback bodies get past the path's check.</summary>
    public string DecisionId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var (_, answer) = await new FuzzRequest("POST", "/v1/customers/fz-decided/recommendations", Caller.Site, "{}"u8.ToArray(), null, "application/json", [])
            .SendAndCheckAsync(Client);
        DecisionId = System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("decisionId").GetString()!;
    }

    /// <summary>The path of <paramref name="endpoint"/> for a request that should pass the path's checks: a new
    /// customer (or definition) id, or the issued decision id.</summary>
    public string ValidPath(FuzzEndpoint endpoint) => endpoint.Template.Replace(
        "{id}", endpoint.Template.StartsWith("/v1/decisions/", StringComparison.Ordinal) ? DecisionId : $"fz-{Guid.NewGuid():N}", StringComparison.Ordinal);

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>Runs an async check inside a synchronous FsCheck property.</summary>
    public static T Run<T>(Func<Task<T>> check) => Task.Run(check).GetAwaiter().GetResult();
}

/// <summary>Property-based fuzzing of every endpoint: whatever the id, body, content type, method or headers, the
/// gateway answers 2xx or a 4xx problem+json (naming the field for 400/413), never 5xx. The seed is fixed (see
/// <see cref="PropertyRun"/>).</summary>
public sealed class ApiFuzzProperties(FuzzGateway gateway) : IClassFixture<FuzzGateway>
{
    private static readonly Gen<FuzzRequest> HostileIds =
        from endpoint in Gen.Elements(FuzzEndpoints.WithId)
        from segment in HostileGen.Segment
        select new FuzzRequest(endpoint.Method, endpoint.Template.Replace("{id}", segment, StringComparison.Ordinal), endpoint.Caller,
            endpoint.ValidBody is null ? null : System.Text.Encoding.UTF8.GetBytes(endpoint.ValidBody), null, endpoint.ContentType, []);

    private readonly Gen<FuzzRequest> hostileBodies =
        from endpoint in Gen.Elements(FuzzEndpoints.WithBody)
        from body in HostileGen.Body(endpoint.ValidBody!)
        from type in HostileGen.ContentType
        select new FuzzRequest(endpoint.Method, gateway.ValidPath(endpoint), endpoint.Caller, body, type, endpoint.ContentType, []);

    private readonly Gen<FuzzRequest> hostileEnvelopes =
        from endpoint in Gen.Elements(FuzzEndpoints.All)
        from method in Gen.Frequency((1, Gen.Constant(endpoint.Method)), (2, HostileGen.Method))
        from withBody in Gen.Elements(true, false)
        from type in HostileGen.ContentType
        from headers in HostileGen.Headers
        select new FuzzRequest(method, gateway.ValidPath(endpoint), endpoint.Caller,
            withBody ? System.Text.Encoding.UTF8.GetBytes(endpoint.ValidBody ?? "{}") : null, type, endpoint.ContentType, headers);

    [Fact]
    public void Hostile_ids_in_the_path_get_2xx_or_a_4xx_problem_never_5xx() =>
        PropertyRun.Check(Prop.ForAll(HostileIds.ToArbitrary(), request => FuzzGateway.Run(() => request.SendAndCheckAsync(gateway.Client))), tests: 500);

    [Fact]
    public void Hostile_bodies_get_2xx_or_a_4xx_problem_naming_the_field_never_5xx() =>
        PropertyRun.Check(Prop.ForAll(hostileBodies.ToArbitrary(), request => FuzzGateway.Run(() => request.SendAndCheckAsync(gateway.Client))), tests: 1000);

    [Fact]
    public void Hostile_methods_content_types_and_headers_get_2xx_or_a_4xx_problem_never_5xx() =>
        PropertyRun.Check(Prop.ForAll(hostileEnvelopes.ToArbitrary(), request => FuzzGateway.Run(() => request.SendAndCheckAsync(gateway.Client))), tests: 500);
}

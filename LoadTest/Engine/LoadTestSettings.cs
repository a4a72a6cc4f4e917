namespace PersoActors.LoadTest.Engine;

/// <summary>Open model: requests are sent on a fixed schedule whatever the answers. Closed model: N users, each
/// waiting for an answer and thinking before the next request.</summary>
public enum LoadModel
{
    Open,
    Closed,
}

/// <summary>What each simulated visit does.</summary>
public enum Scenario
{
    /// <summary>A whole shopping visit (context, consents, experience, pages, recommendations, cart, purchase).</summary>
    Visits,

    /// <summary>One <c>POST /v1/customers/{id}/recommendations</c> (home, 10 items) per visit: the benchmark's decision call.</summary>
    Recommendations,

    /// <summary>One <c>POST /v1/customers/{id}/events</c> with a single view per visit.</summary>
    Events,

    /// <summary>One <c>GET /v1/customers/{id}</c> per visit.</summary>
    Profile,
}

/// <summary>Everything a run needs; bound from the command line.</summary>
public sealed record LoadTestSettings
{
    public IReadOnlyList<Uri> Targets { get; init; } = [new("http://127.0.0.1:5080")];

    public string? ApiKey { get; init; }

    public string? AdminApiKey { get; init; }

    public LoadModel Model { get; init; } = LoadModel.Open;

    /// <summary>Open model: requests per second once ramped up.</summary>
    public double Rate { get; init; } = 200;

    /// <summary>Closed model: concurrent virtual users.</summary>
    public int Users { get; init; } = 50;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan RampUp { get; init; } = TimeSpan.Zero;

    /// <summary>Mean pause between two requests of one simulated user.</summary>
    public TimeSpan ThinkTime { get; init; } = TimeSpan.FromMilliseconds(500);

    public int Seed { get; init; } = 42;

    /// <summary>What each visit does; the single-request scenarios measure one endpoint on warm customers.</summary>
    public Scenario Scenario { get; init; } = Scenario.Visits;

    public int ReturningCustomers { get; init; } = 10_000;

    public double NewUserRatio { get; init; } = 0.3;

    public int CatalogSize { get; init; } = 2_000;

    public bool UploadCatalog { get; init; }

    /// <summary>Install an abandoned-cart trigger to this webhook destination (configured on the silos) before the run,
    /// and have shoppers who grant marketing accept email: their abandoned carts then produce messages (null: off).</summary>
    public string? TriggerDestination { get; init; }

    /// <summary>The trigger's wait after the last cart add.</summary>
    public TimeSpan TriggerDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Customers to read back after the run (0: no check).</summary>
    public int CheckSample { get; init; }

    /// <summary>The share of measured requests (0–1) that may fail — errors, 503s, timeouts — before the run exits with
    /// <see cref="LoadTestRunner.TooManyErrorsExitCode"/> (null: any share; the run only reports it).</summary>
    public double? MaxErrorRate { get; init; }

    /// <summary>How many recent events a profile keeps (the check verifies that many per customer).</summary>
    public int ProfileRingSize { get; init; } = 100;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most open connections per gateway; requests beyond them wait for a free one, and the wait counts in their latency.</summary>
    public int Connections { get; init; } = Api.GatewayClient.DefaultConnections;

    /// <summary>Open model safety valve: scheduled sends beyond this many outstanding requests are dropped and counted.</summary>
    public int MaxInFlight { get; init; } = 20_000;

    /// <summary>Directory for report.json and report.csv (null: do not write files).</summary>
    public string? OutputDirectory { get; init; } = "loadtest-results";

    /// <summary>Plain progress lines instead of the live display.</summary>
    public bool PlainOutput { get; init; }
}

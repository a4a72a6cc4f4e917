namespace PersoActors.LoadTest.Reporting;

/// <summary>The result of one load test run, as written to report.json.</summary>
/// <param name="Tool">Always <c>PersoActors.LoadTest</c>.</param>
/// <param name="StartedAt">Wall-clock start of the run.</param>
/// <param name="Settings">What was asked for.</param>
/// <param name="MeasuredSeconds">Length of the steady phase the figures cover (ramp-up excluded).</param>
/// <param name="Total">All endpoints together.</param>
/// <param name="Endpoints">One entry per endpoint that was called.</param>
/// <param name="Generator">How well the load driver kept its schedule.</param>
/// <param name="Scenario">What the simulated users did.</param>
/// <param name="UnavailableEndpoints">Endpoints the gateway does not have (404/405/501, never 2xx).</param>
/// <param name="Check">Read-back verification, when requested.</param>
public sealed record RunReport(
    string Tool,
    DateTimeOffset StartedAt,
    RunSettingsReport Settings,
    double MeasuredSeconds,
    EndpointReport Total,
    IReadOnlyList<EndpointReport> Endpoints,
    GeneratorReport Generator,
    ScenarioReport Scenario,
    IReadOnlyList<string> UnavailableEndpoints,
    CheckReport? Check);

/// <summary>The run's settings, echoed in the report.</summary>
public sealed record RunSettingsReport(
    string Model,
    double? Rate,
    int? Users,
    double DurationSeconds,
    double RampUpSeconds,
    double ThinkTimeMs,
    IReadOnlyList<string> Targets,
    int Seed,
    int ReturningCustomers,
    double NewUserRatio,
    int CatalogSize,
    string Machine,
    string Scenario = "visits",
    int? Connections = null);

/// <summary>One endpoint's figures over the steady phase.</summary>
/// <param name="Endpoint">Method and route.</param>
/// <param name="Requests">Answered or failed requests.</param>
/// <param name="Ok">2xx answers.</param>
/// <param name="Errors">Other statuses, timeouts and connection failures.</param>
/// <param name="Unavailable">404/405/501 from an endpoint that never answered 2xx.</param>
/// <param name="ThroughputPerSecond">Requests per second of the steady phase.</param>
/// <param name="LatencyMs">From the intended send time to the end of the answer.</param>
/// <param name="ServiceTimeMs">From the actual send to the end of the answer.</param>
/// <param name="ErrorsByStatus">Errors keyed by HTTP status, <c>timeout</c> or <c>connection_error</c>.</param>
public sealed record EndpointReport(
    string Endpoint,
    long Requests,
    long Ok,
    long Errors,
    long Unavailable,
    double ThroughputPerSecond,
    LatencySummary LatencyMs,
    LatencySummary ServiceTimeMs,
    IReadOnlyDictionary<string, long> ErrorsByStatus);

/// <summary>Percentiles in milliseconds (from the histogram: within 0.8% of the true value).</summary>
public sealed record LatencySummary(double P50, double P90, double P99, double P999, double Max, double Mean);

/// <summary>How the driver itself did.</summary>
/// <param name="ScheduledSends">Open model: sends scheduled in the whole run (ramp-up included).</param>
/// <param name="DroppedByGenerator">Open model: sends abandoned because too many requests were in flight.</param>
/// <param name="SkippedUnavailable">Steps skipped because their endpoint was unavailable.</param>
/// <param name="RampUpRequests">Requests during ramp-up (not in the figures).</param>
/// <param name="DispatchLagMs">How late requests left the driver compared with their schedule: the wait for a free connection
/// (open model: all of them busy) plus any lateness of the driver itself.</param>
public sealed record GeneratorReport(long? ScheduledSends, long DroppedByGenerator, long SkippedUnavailable, long RampUpRequests, LatencySummary DispatchLagMs);

/// <summary>What the simulated users did over the whole run.</summary>
public sealed record ScenarioReport(
    long SessionsStarted,
    long SessionsCompleted,
    long NewUsers,
    long ReturningUsers,
    long Purchases,
    long AbandonedCarts,
    long EventsSent,
    long EventsAcknowledged,
    long EventsDropped);

/// <summary>The read-back check: every acknowledged event of the sampled customers must be in their profile.</summary>
public sealed record CheckReport(
    int CustomersChecked,
    long EventsExpected,
    long EventsMissing,
    int CustomersFailed,
    bool Passed,
    IReadOnlyList<string> Failures);

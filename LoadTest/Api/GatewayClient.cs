using System.Net.Http.Headers;

namespace PersoActors.LoadTest.Api;

/// <summary>Sends <see cref="GatewayCall"/>s to one or more gateways, round-robin, with the API key header,
/// and classifies every answer. Never throws for a failed request: failures are results.</summary>
public sealed class GatewayClient : IDisposable
{
    /// <summary>Connections per gateway when not told otherwise: what the benchmarks give wrk (<c>-c64</c>).</summary>
    public const int DefaultConnections = 64;

    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri[] _targets;
    private readonly string? _apiKey;
    private readonly string? _adminApiKey;
    private readonly TimeSpan _timeout;
    private readonly EndpointAvailability _availability = new();
    private int _next = -1;

    /// <param name="targets">Gateway base URLs.</param>
    /// <param name="apiKey">Site key sent as <c>X-Api-Key</c> (none when null).</param>
    /// <param name="adminApiKey">Admin key for catalog upload (the site key when null).</param>
    /// <param name="timeout">Per-request timeout.</param>
    /// <param name="handler">Transport to use (tests pass an in-memory server's handler); when given, <paramref name="connections"/> does not apply.</param>
    /// <param name="connections">Most open connections per gateway; a request that finds them all busy waits for one
    /// (and that wait is part of its latency).</param>
    public GatewayClient(IReadOnlyList<Uri> targets, string? apiKey, string? adminApiKey, TimeSpan timeout, HttpMessageHandler? handler = null,
        int connections = DefaultConnections)
    {
        if (targets.Count == 0)
        {
            throw new ArgumentException("At least one target URL is required.", nameof(targets));
        }

        _targets = [.. targets];
        _apiKey = apiKey;
        _adminApiKey = adminApiKey ?? apiKey;
        _timeout = timeout;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(connections);
        _http = new HttpClient(handler ?? CreateHandler(connections), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Which endpoints have been found missing on the gateway.</summary>
    public EndpointAvailability Availability => _availability;

    public async Task<CallResult> SendAsync(GatewayCall call, CancellationToken cancellationToken)
    {
        var target = _targets[(int)((uint)Interlocked.Increment(ref _next) % (uint)_targets.Length)];
        using var request = new HttpRequestMessage(call.Method, new Uri(target, call.Path));
        var key = call.UsesAdminKey ? _adminApiKey : _apiKey;
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        }

        if (call.IdempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", call.IdempotencyKey);
        }

        if (call.Body is not null)
        {
            request.Content = new ByteArrayContent(call.Body);
            request.Content.Headers.ContentType = JsonType;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        CallResult result;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            result = new CallResult(Classify(call.Kind, status), status.ToString(System.Globalization.CultureInfo.InvariantCulture), status, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = new CallResult(CallOutcome.Error, "timeout", 0, []);
        }
        catch (OperationCanceledException)
        {
            result = new CallResult(CallOutcome.Error, "cancelled", 0, []);
        }
        catch (HttpRequestException)
        {
            result = new CallResult(CallOutcome.Error, "connection_error", 0, []);
        }

        _availability.Observe(call.Kind, result);
        return result;
    }

    public void Dispose() => _http.Dispose();

    private CallOutcome Classify(EndpointKind kind, int status) => status switch
    {
        >= 200 and < 300 => CallOutcome.Ok,
        404 or 405 or 501 when !_availability.HasSucceeded(kind) => CallOutcome.Unavailable,
        _ => CallOutcome.Error,
    };

    /// <summary>The transport: keep-alive HTTP/1.1 with at most <paramref name="connections"/> connections per gateway.
    /// Unbounded, a stalled server makes every queued request open its own connection (hundreds of them), and
    /// closing them afterwards floods the driver's thread pool; a fixed pool, like wrk's <c>-c</c>, keeps the
    /// driver's cost flat and turns the stall into measured waiting time.</summary>
    public static SocketsHttpHandler CreateHandler(int connections = DefaultConnections) => new()
    {
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };
}

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace PersoActors.Grains.Orchestration;

/// <summary>The outcome of one delivery attempt.</summary>
/// <param name="Delivered">The destination answered 2xx.</param>
/// <param name="Error">Otherwise what went wrong (status code or transport error; never the body).</param>
public sealed record DeliveryAttempt(bool Delivered, string? Error);

/// <summary>POSTs signed messages to webhook destinations, at most <see cref="WebhookDestination.MaxConcurrency"/> at
/// a time per destination in this silo. One per silo; customer grains await it inside their turn, so a consent change
/// or an erasure can never interleave with a send of the same customer.</summary>
public sealed class WebhookDispatcher(IOptions<OrchestrationOptions> options, OrchestrationClock clock) : IDisposable
{
    /// <summary>Header carrying the message id, the same on every attempt.</summary>
    public const string IdempotencyHeader = "Idempotency-Key";

    // Redirects are not followed: a 307/308 would send the message (personal data) and its signature on to wherever
    // the answer points, another host or plain http included. A redirect is a failed attempt the operator sees.
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly ConcurrentDictionary<string, SemaphoreSlim> limits = new(StringComparer.Ordinal);

    /// <summary>Sends <paramref name="body"/> to the destination named <paramref name="destination"/>.</summary>
    public async Task<DeliveryAttempt> SendAsync(string destination, string messageId, string body)
    {
        var settings = options.Value;
        if (!settings.Destinations.TryGetValue(destination, out var target))
        {
            return new DeliveryAttempt(false, $"destination '{destination}' is not configured on this silo");
        }

        var gate = limits.GetOrAdd(destination, _ => new SemaphoreSlim(Math.Max(1, target.MaxConcurrency)));
        using var timeout = new CancellationTokenSource(settings.AttemptTimeout);
        try
        {
            await gate.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new DeliveryAttempt(false, "timed out waiting for a free slot to the destination");
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target.Url)
            {
                Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            request.Headers.Add(IdempotencyHeader, messageId);
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Create(target.Secret, clock.Now, body));
            // Only the status counts: the body is never read, so a destination that answers at length (or never finishes
            // its answer) costs neither memory nor a timed-out attempt after it said 2xx.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? new DeliveryAttempt(true, null)
                : new DeliveryAttempt(false, $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException)
        {
            return new DeliveryAttempt(false, "timed out");
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryAttempt(false, ex.HttpRequestError.ToString());
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => http.Dispose();
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;

namespace PersoActors.Bench.Scaling;

/// <summary>A site's traffic: one durable event every 1/rate seconds, customers taken in turn, sent whether or not
/// earlier requests were answered (open model, so a stalled silo cannot slow the offered load down).</summary>
internal sealed class OpenModelTraffic(HttpClient http, IReadOnlyList<string> customers, int ratePerSecond) : IAsyncDisposable
{
    private readonly ConcurrentQueue<Outcome> outcomes = new();
    private readonly ConcurrentBag<Task> requests = [];
    private readonly CancellationTokenSource stop = new();
    private Task? pacing;

    /// <summary>One request: when it was sent, how long its answer took, its HTTP status (0: no answer), and for an
    /// error the last part of its problem type and its cause or reason if any (e.g. <c>overloaded/queue_wait</c>).</summary>
    public readonly record struct Outcome(string Customer, long SentAt, TimeSpan Latency, int Status, string? Problem = null);

    public void Start() => pacing = Task.Run(PaceAsync);

    /// <summary>Outcomes of the requests sent between the two timestamps (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public IReadOnlyList<Outcome> SentBetween(long from, long to) => outcomes.Where(o => o.SentAt >= from && o.SentAt < to).ToArray();

    /// <summary>For every customer, how long after <paramref name="since"/> a request sent after it first succeeded;
    /// null while some customer has not been served since.</summary>
    public TimeSpan? EveryCustomerServedAgain(long since)
    {
        var firstSuccess = outcomes.Where(o => o.SentAt > since && o.Status is >= 200 and < 300)
            .GroupBy(o => o.Customer)
            .Select(g => g.Min(o => Stopwatch.GetElapsedTime(since, o.SentAt) + o.Latency))
            .ToArray();
        return firstSuccess.Length == customers.Count ? firstSuccess.Max() : null;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (pacing is not null)
        {
            await pacing;
        }

        await Task.WhenAll(requests);
    }

    private async Task PaceAsync()
    {
        var interval = Stopwatch.Frequency / ratePerSecond;
        var next = Stopwatch.GetTimestamp();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            requests.Add(SendAsync(customers[i % customers.Count], next));
            next += interval;
        }
    }

    private async Task SendAsync(string customer, long scheduled)
    {
        var status = 0;
        string? problem = null;
        try
        {
            using var response = await http.PostAsJsonAsync($"/v1/customers/{customer}/events",
                new { events = new[] { new { type = "view", itemId = "sku-1" } } });
            status = (int)response.StatusCode;
            if (status >= 400)
            {
                problem = await response.Content.ReadFromJsonAsync<ProblemType>() is { } p
                    ? string.Join('/', new[] { p.Type?.Split(':')[^1], p.Cause ?? p.Reason }.OfType<string>())
                    : null;
            }
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
        }

        // Latency from the scheduled send: a late sender does not hide the wait (no coordinated omission).
        outcomes.Enqueue(new Outcome(customer, scheduled, Stopwatch.GetElapsedTime(scheduled), status, problem));
    }

    private sealed record ProblemType(string? Type, string? Cause, string? Reason);
}

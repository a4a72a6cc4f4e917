using System.Diagnostics;
using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Catalog;

namespace PersoActors.LoadTest.Simulation;

/// <summary>What <see cref="WarmUp"/> does.</summary>
/// <param name="Customers">Customers <c>lt-000000</c> … to prepare (the ids the runs' returning users use).</param>
/// <param name="EventsPerCustomer">Behaviour events sent to each (one batch).</param>
/// <param name="Concurrency">Customers prepared at once.</param>
/// <param name="Seed">Makes the histories reproducible.</param>
public sealed record WarmUpSettings(int Customers, int EventsPerCustomer, int Concurrency, int Seed);

/// <summary>How the preparation went.</summary>
public sealed record WarmUpResult(int Customers, long Requests, long Failed, IReadOnlyDictionary<string, long> FailuresByStatus, TimeSpan Elapsed);

/// <summary>
/// Makes customers warm for a benchmark: every purpose consented, a context, and a history of views,
/// clicks, cart adds and a purchase in the categories the customer likes, spread over the last three days.
/// The same calls against any system under test, so they all start from the same profiles.
/// </summary>
public static class WarmUp
{
    public static async Task<WarmUpResult> RunAsync(GatewayClient client, SyntheticCatalog catalog, WarmUpSettings settings, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var failures = new Dictionary<string, long>(StringComparer.Ordinal);
        long requests = 0, failed = 0;
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddDays(-3);
        // Keys unique to this run: its repeats are stored once, and a later run with the same seed adds its events again.
        var run = Guid.NewGuid().ToString("N");

        await Parallel.ForAsync(0, settings.Customers, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var id = $"lt-{i:D6}";
                var traits = CustomerTraits.For(id, catalog.Categories);
                var random = new Random(StableHash.Mix(settings.Seed, i, stream: 7));
                var context = new VisitContext(traits.Device, "web", traits.Country, traits.Language, "browsing", null, null, $"warm-{i}");
                GatewayCall[] calls =
                [
                    GatewayRequests.PutConsents(id, new ConsentChoices(true, true, true, true)),
                    GatewayRequests.PutContext(id, context),
                    GatewayRequests.TrackEvents(id, History(catalog, traits, random, start, settings.EventsPerCustomer)) with
                    {
                        IdempotencyKey = $"warm-{run}-{id}",
                    },
                ];
                foreach (var call in calls)
                {
                    var result = await SendUntilAcceptedAsync(client, call, ct).ConfigureAwait(false);
                    Interlocked.Increment(ref requests);
                    if (!result.IsSuccess)
                    {
                        Interlocked.Increment(ref failed);
                        lock (failures)
                        {
                            failures[$"{GatewayRequests.Label(call.Kind)}: {result.StatusKey}"] = failures.GetValueOrDefault($"{GatewayRequests.Label(call.Kind)}: {result.StatusKey}") + 1;
                        }
                    }
                }
            }).ConfigureAwait(false);

        return new WarmUpResult(settings.Customers, requests, failed, failures, started.Elapsed);
    }

    /// <summary>A shed (503) or rate-limited (429) preparation call, or one that got no answer, is sent again after a
    /// growing pause: the benchmarks that follow need every customer warm, and a gateway under its own warm-up sheds by
    /// design. Repeating is harmless: consents and context are replaced, and the event batch carries an
    /// <c>Idempotency-Key</c>, so a batch stored before its answer was lost is not stored twice. Any other answer is
    /// final.</summary>
    private static async Task<CallResult> SendUntilAcceptedAsync(GatewayClient client, GatewayCall call, CancellationToken ct)
    {
        const int MaxAttempts = 20;
        for (var attempt = 1; ; attempt++)
        {
            var result = await client.SendAsync(call, ct).ConfigureAwait(false);
            if (result.StatusCode is not (503 or 429 or 0) || attempt == MaxAttempts)
            {
                return result;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Mostly views of items in the customer's favourite categories, some clicks and cart adds, one purchase.</summary>
    public static SimulatedEvent[] History(SyntheticCatalog catalog, CustomerTraits traits, Random random, DateTimeOffset start, int count)
    {
        var events = new SimulatedEvent[count];
        var step = TimeSpan.FromDays(3) / Math.Max(1, count);
        for (var n = 0; n < count; n++)
        {
            var category = random.NextDouble() < 0.8 ? traits.Affinities[random.Next(traits.Affinities.Count)] : catalog.Categories[random.Next(catalog.Categories.Count)];
            var item = catalog.Pick(category, random);
            var at = start + step * n;
            at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerSecond));
            var type = n == count - 1 && count >= 10 ? EventTypes.Purchase
                : random.NextDouble() switch { < 0.70 => EventTypes.View, < 0.90 => EventTypes.Click, _ => EventTypes.AddToCart };
            events[n] = new SimulatedEvent(type, at, item.ItemId, item.Categories, item.Price, item.Brand,
                OrderId: type == EventTypes.Purchase ? $"warm-{n}" : null);
        }

        return events;
    }
}

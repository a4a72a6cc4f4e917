using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Reporting;

namespace PersoActors.LoadTest.Check;

/// <summary>
/// After a run, reads back a sample of the simulated customers' profiles and verifies that every event the
/// gateway acknowledged is there: the profile's event count is at least the number acknowledged, and each of
/// the latest acknowledged events (as many as the profile keeps) appears in its recent events, matched by
/// type, item and timestamp.
/// </summary>
public sealed class ProfileChecker(GatewayClient client)
{
    private const int ReportedFailures = 20;

    public async Task<CheckReport> CheckAsync(AckLedger ledger, int sample, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var chosen = ledger.Entries().OrderBy(_ => random.Next()).Take(sample).ToArray();
        var results = new CustomerCheck[chosen.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, chosen.Length),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await CheckOneAsync(chosen[i], ct).ConfigureAwait(false)).ConfigureAwait(false);

        var failed = results.Where(r => r.Failure is not null).ToArray();
        return new CheckReport(chosen.Length, results.Sum(r => (long)r.Expected), results.Sum(r => (long)r.Missing), failed.Length,
            failed.Length == 0, failed.Take(ReportedFailures).Select(r => r.Failure!).ToArray());
    }

    private async Task<CustomerCheck> CheckOneAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var expected = entry.Latest.Count;
        var result = await client.SendAsync(GatewayRequests.GetProfile(entry.CustomerId), cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return new CustomerCheck(expected, expected, $"{entry.CustomerId}: profile read failed ({result.StatusKey})");
        }

        if (GatewayRequests.Profile(result.Body) is not { } profile)
        {
            return new CustomerCheck(expected, expected, $"{entry.CustomerId}: profile answer is not a profile");
        }

        var missing = CountMissing(entry, profile);
        var problems = new List<string>();
        if (profile.EventCount is { } count && count < entry.Total)
        {
            problems.Add($"event count {count} < {entry.Total} acknowledged");
        }

        if (missing > 0)
        {
            problems.Add($"{missing} of the latest {expected} acknowledged events missing from recent events");
        }

        return new CustomerCheck(expected, missing, problems.Count == 0 ? null : $"{entry.CustomerId}: {string.Join("; ", problems)}");
    }

    /// <summary>Matches as multisets: each stored event can account for one acknowledged event.</summary>
    public static int CountMissing(LedgerEntry entry, ProfileReadback profile)
    {
        var stored = profile.RecentEvents
            .GroupBy(e => Key(e.Type, e.ItemId, e.Timestamp))
            .ToDictionary(g => g.Key, g => g.Count());
        var missing = 0;
        foreach (var e in entry.Latest)
        {
            var key = Key(e.Type, e.ItemId, e.Timestamp);
            if (stored.TryGetValue(key, out var n) && n > 0)
            {
                stored[key] = n - 1;
            }
            else
            {
                missing++;
            }
        }

        return missing;
    }

    private static (string, string, long) Key(string type, string? itemId, DateTimeOffset? timestamp) =>
        (type, itemId ?? "", timestamp is { } t ? t.UtcTicks / TimeSpan.TicksPerMillisecond : -1);

    private sealed record CustomerCheck(int Expected, int Missing, string? Failure);
}

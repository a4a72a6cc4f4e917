using PersoActors.LoadTest.Catalog;
using PersoActors.LoadTest.Check;

namespace PersoActors.LoadTest.Simulation;

/// <summary>Settings of the simulated population.</summary>
/// <param name="Seed">Makes the sequence of visits reproducible.</param>
/// <param name="ReturningCustomers">Size of the pool of known customers (<c>lt-000000</c> …) returning users come from.</param>
/// <param name="NewUserRatio">Share of visits by first-time users (fresh ids).</param>
/// <param name="MeanThinkTime">Mean pause between two clicks of one user.</param>
/// <param name="Scenario">What each visit does.</param>
/// <param name="AcceptEmail">New users who grant marketing also accept email (for the triggers the driver installed).</param>
public sealed record PopulationSettings(int Seed, int ReturningCustomers, double NewUserRatio, TimeSpan MeanThinkTime,
    Engine.Scenario Scenario = Engine.Scenario.Visits, bool AcceptEmail = false);

/// <summary>
/// Starts visits. Visit n's content depends only on the seed and n; a returning customer is never in two
/// visits at once (a busy one is replaced by a first-time user), so each customer's events reach the gateway
/// in order and can be checked afterwards.
/// </summary>
public sealed class UserPopulation(PopulationSettings settings, SyntheticCatalog catalog, AckLedger ledger)
{
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);
    private long _nextIndex;

    public ScenarioCounters Counters { get; } = new();

    public AckLedger Ledger => ledger;

    public SimulatedSession StartSession()
    {
        var index = Interlocked.Increment(ref _nextIndex) - 1;
        var random = new Random(StableHash.Mix(settings.Seed, index));
        var idRandom = new Random(StableHash.Mix(settings.Seed, index, stream: 1));
        var isNew = settings.ReturningCustomers == 0 || idRandom.NextDouble() < settings.NewUserRatio;
        string? customerId = null;
        lock (_busy)
        {
            for (var attempt = 0; !isNew && attempt < 4 && customerId is null; attempt++)
            {
                var candidate = $"lt-{idRandom.Next(settings.ReturningCustomers):D6}";
                if (_busy.Add(candidate))
                {
                    customerId = candidate;
                }
            }
        }

        isNew = customerId is null;
        customerId ??= $"lt-n{(uint)settings.Seed}-{index}";
        Counters.SessionStarted(isNew);
        return new SimulatedSession(index, customerId, isNew, CustomerTraits.For(customerId, catalog.Categories), random,
            catalog, ledger, Counters, settings.MeanThinkTime, settings.Scenario, settings.AcceptEmail);
    }

    public void EndSession(SimulatedSession session)
    {
        Counters.SessionCompleted();
        if (!session.IsNew)
        {
            lock (_busy)
            {
                _busy.Remove(session.CustomerId);
            }
        }
    }
}

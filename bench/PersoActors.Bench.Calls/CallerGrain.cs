using System.Diagnostics;

namespace PersoActors.Bench.Calls;

/// <summary>Which grains a <see cref="CallerGrain"/> calls.</summary>
[GenerateSerializer]
public enum Targets
{
    /// <summary>Its own target grain, through a reference kept across calls.</summary>
    OnePerCaller,

    /// <summary>10k grains in turn, through references kept across calls.</summary>
    TenThousand,

    /// <summary>10k grains in turn, with a new reference (GetGrain) for every call.</summary>
    GetGrainEachCall,
}

public interface ICallerGrain : IGrainWithIntegerKey
{
    /// <summary>Makes <paramref name="calls"/> awaited calls one after the other; returns the durations (Stopwatch
    /// ticks) of every 16th.</summary>
    Task<long[]> CallAsync(Targets targets, int calls);
}

/// <summary>Calls other grains from inside the silo (grain-to-grain, all local on one silo).</summary>
public sealed class CallerGrain : Grain, ICallerGrain
{
    public const int GrainCount = 10_000;

    private IBenchGrain own = null!;
    private IBenchGrain[] many = [];
    private long next;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        own = GrainFactory.GetGrain<IBenchGrain>($"own-{this.GetPrimaryKeyLong()}");
        many = Enumerable.Range(0, GrainCount).Select(i => GrainFactory.GetGrain<IBenchGrain>(Key(i))).ToArray();
        next = this.GetPrimaryKeyLong() * 7919;
        return Task.CompletedTask;
    }

    public static string Key(long i) => $"many-{i % GrainCount}";

    public async Task<long[]> CallAsync(Targets targets, int calls)
    {
        var samples = new long[calls / 16];
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var n = next++;
            await (targets switch
            {
                Targets.OnePerCaller => own,
                Targets.TenThousand => many[n % GrainCount],
                _ => GrainFactory.GetGrain<IBenchGrain>(Key(n)),
            }).AddAsync(1);
            if (i % 16 == 15)
            {
                samples[i / 16] = Stopwatch.GetTimestamp() - started;
            }
        }

        return samples;
    }
}

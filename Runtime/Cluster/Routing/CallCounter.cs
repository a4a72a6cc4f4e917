namespace PersoActors.Runtime.Cluster.Routing;

/// <summary>Counts grain calls this silo ran, for the calls/s it reports.</summary>
internal sealed class CallCounter
{
    private long total;

    public long Total => Interlocked.Read(ref total);

    public void Increment() => Interlocked.Increment(ref total);
}

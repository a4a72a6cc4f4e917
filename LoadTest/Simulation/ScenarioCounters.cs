namespace PersoActors.LoadTest.Simulation;

/// <summary>What the simulated users did, counted across the whole run.</summary>
public sealed class ScenarioCounters
{
    private long _sessionsStarted;
    private long _sessionsCompleted;
    private long _newUsers;
    private long _returningUsers;
    private long _purchases;
    private long _abandonedCarts;
    private long _eventsSent;
    private long _eventsAcknowledged;
    private long _eventsDropped;

    public long SessionsStarted => Volatile.Read(ref _sessionsStarted);

    public long SessionsCompleted => Volatile.Read(ref _sessionsCompleted);

    public long NewUsers => Volatile.Read(ref _newUsers);

    public long ReturningUsers => Volatile.Read(ref _returningUsers);

    public long Purchases => Volatile.Read(ref _purchases);

    public long AbandonedCarts => Volatile.Read(ref _abandonedCarts);

    public long EventsSent => Volatile.Read(ref _eventsSent);

    /// <summary>Events the gateway acknowledged as stored.</summary>
    public long EventsAcknowledged => Volatile.Read(ref _eventsAcknowledged);

    /// <summary>Events the gateway answered but did not store (e.g. no analytics consent).</summary>
    public long EventsDropped => Volatile.Read(ref _eventsDropped);

    public void SessionStarted(bool isNew)
    {
        Interlocked.Increment(ref _sessionsStarted);
        Interlocked.Increment(ref isNew ? ref _newUsers : ref _returningUsers);
    }

    public void SessionCompleted() => Interlocked.Increment(ref _sessionsCompleted);

    public void Purchased() => Interlocked.Increment(ref _purchases);

    public void Abandoned() => Interlocked.Increment(ref _abandonedCarts);

    public void EventsAnswered(int sent, int acknowledged)
    {
        Interlocked.Add(ref _eventsSent, sent);
        Interlocked.Add(ref _eventsAcknowledged, acknowledged);
        Interlocked.Add(ref _eventsDropped, sent - acknowledged);
    }
}

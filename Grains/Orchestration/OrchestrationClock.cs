namespace PersoActors.Grains.Orchestration;

/// <summary>The clock of triggers and deliveries: due times, backoff and the timers that wake a customer. Its own
/// service so tests can drive it with a fake clock without stopping the silo's own timers.</summary>
public sealed class OrchestrationClock(TimeProvider time)
{
    /// <summary>The time provider.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Now.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();
}

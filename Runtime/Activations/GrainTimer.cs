namespace PersoActors.Runtime.Activations;

/// <summary>A timer of one activation. Each tick is queued as a turn, so the callback never runs
/// concurrently with a call; the next tick is not queued while the previous one is still waiting or running.</summary>
internal sealed class GrainTimer(Activation activation, Func<CancellationToken, Task> callback) : ActivationWork, IDisposable
{
    private readonly CancellationTokenSource disposed = new();
    private Timer? timer;
    private int tickInFlight;

    public override bool Expires => false;

    public override string Description => "timer tick";

    public void Start(TimeSpan dueTime, TimeSpan period) => timer = new Timer(_ => Tick(), null, dueTime, period);

    public override Task Start(object grain) =>
        disposed.IsCancellationRequested ? Task.CompletedTask : callback(disposed.Token);

    public override void CompleteFrom(Task turn)
    {
        if (turn.IsFaulted)
        {
            activation.LogTimerFailure(turn.Exception!.InnerException!);
        }

        Volatile.Write(ref tickInFlight, 0);
    }

    public override void Fail(Exception error) => Volatile.Write(ref tickInFlight, 0);

    public void Dispose()
    {
        if (disposed.IsCancellationRequested)
        {
            return;
        }

        disposed.Cancel();
        timer?.Dispose();
        activation.Unregister(this);
    }

    private void Tick()
    {
        if (disposed.IsCancellationRequested || Interlocked.Exchange(ref tickInFlight, 1) == 1)
        {
            return;
        }

        if (!activation.TryEnqueue(this, countsAsUse: false))
        {
            Dispose();
        }
    }
}

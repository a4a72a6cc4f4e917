using PersoActors.Runtime.Activations;

namespace PersoActors.Runtime.Calls;

/// <summary>A call that could not run at once (its activation was busy or still activating, or it
/// goes to another silo): the arguments plus the promise its caller awaits.</summary>
internal abstract class PendingCall(GrainMethod method, object?[] arguments) : ActivationWork
{
    public GrainMethod Method { get; } = method;

    public object?[] Arguments { get; } = arguments;

    /// <summary>The Task (typed as the method's return type) the caller awaits.</summary>
    public abstract Task Task { get; }

    public override string Description => Method.Name;

    public override bool Expires => true;

    public override Task Start(object grain) => Method.Invoke(grain, Arguments);

    /// <summary>Completes the caller's Task with a result received as an object (e.g. deserialized).</summary>
    public abstract void SetResult(object? result);
}

internal sealed class PendingCall<TResult>(GrainMethod method, object?[] arguments) : PendingCall(method, arguments)
{
    private readonly TaskCompletionSource<TResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Task Task => completion.Task;

    public override void CompleteFrom(Task grainTask)
    {
        if (grainTask.IsFaulted)
        {
            completion.TrySetException(grainTask.Exception!.InnerExceptions);
        }
        else if (grainTask.IsCanceled)
        {
            completion.TrySetCanceled();
        }
        else
        {
            completion.TrySetResult(grainTask is Task<TResult> typed ? typed.Result : default!);
        }
    }

    public override void SetResult(object? result) => completion.TrySetResult((TResult)result!);

    public override void Fail(Exception error) => completion.TrySetException(error);
}

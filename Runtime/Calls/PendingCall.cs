using System.Diagnostics;

namespace PersoActors.Runtime.Calls;

/// <summary>A call that could not run at once (its activation was busy or still activating, or it
/// goes to another silo): the arguments plus the promise its caller awaits.</summary>
internal abstract class PendingCall(GrainMethod method, object?[] arguments)
{
    public GrainMethod Method { get; } = method;

    public object?[] Arguments { get; } = arguments;

    /// <summary>When the call was made (a Stopwatch timestamp): a call older than the call timeout
    /// is not run, because its caller has already been told it timed out.</summary>
    public long CreatedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>The Task (typed as the method's return type) the caller awaits.</summary>
    public abstract Task Task { get; }

    /// <summary>Completes the caller's Task with the outcome of the grain's Task.</summary>
    public abstract void CompleteFrom(Task grainTask);

    /// <summary>Completes the caller's Task with a result received as an object (e.g. deserialized).</summary>
    public abstract void SetResult(object? result);

    public abstract void Fail(Exception error);
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

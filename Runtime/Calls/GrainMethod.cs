using System.Linq.Expressions;
using System.Reflection;

namespace PersoActors.Runtime.Calls;

/// <summary>One method of a grain interface, with everything the call path needs precomputed:
/// a stable id for the wire, a compiled invoker (no reflection per call), and typed helpers for
/// completing and timing out its Task.</summary>
internal sealed class GrainMethod
{
    private readonly Func<object, object?[], Task> invoke;
    private readonly Func<GrainMethod, object?[], PendingCall> createPending;
    private readonly Func<Task, TimeSpan, string, Task> withTimeout;

    private GrainMethod(MethodInfo method, string grainType)
    {
        Method = method;
        Name = $"{method.DeclaringType!.Name}.{method.Name}";
        Id = StableHash.Fnv1a32(Name);
        GrainType = grainType;
        ParameterTypes = Array.ConvertAll(method.GetParameters(), p => p.ParameterType);
        ResultType = method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : null;
        invoke = CompileInvoker(method, ParameterTypes);

        var resultOrVoid = ResultType ?? typeof(VoidResult);
        var helpers = typeof(TypedHelpers<>).MakeGenericType(resultOrVoid);
        createPending = (Func<GrainMethod, object?[], PendingCall>)helpers.GetMethod(nameof(TypedHelpers<int>.CreatePending))!
            .CreateDelegate(typeof(Func<GrainMethod, object?[], PendingCall>));
        withTimeout = ResultType is null
            ? TimeoutAfter
            : (Func<Task, TimeSpan, string, Task>)helpers.GetMethod(nameof(TypedHelpers<int>.TimeoutAfter))!
                .CreateDelegate(typeof(Func<Task, TimeSpan, string, Task>));
    }

    public MethodInfo Method { get; }

    /// <summary>Interface-qualified name, e.g. <c>ICustomerGrain.TrackEventsAsync</c>.</summary>
    public string Name { get; }

    /// <summary>FNV-1a hash of <see cref="Name"/>: identifies the method on the wire.</summary>
    public uint Id { get; }

    public string GrainType { get; }

    public Type[] ParameterTypes { get; }

    /// <summary>The T of Task&lt;T&gt;, or null for a plain Task.</summary>
    public Type? ResultType { get; }

    public static GrainMethod Create(MethodInfo method, string grainType)
    {
        if (method.ReturnType != typeof(Task) && !(method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)))
        {
            throw new InvalidOperationException($"Grain method {method.DeclaringType!.Name}.{method.Name} must return Task or Task<T>.");
        }

        return new GrainMethod(method, grainType);
    }

    /// <summary>Runs the method on a grain instance; exceptions thrown synchronously become a faulted Task.</summary>
    public Task Invoke(object grain, object?[] arguments)
    {
        try
        {
            return invoke(grain, arguments);
        }
        catch (Exception error)
        {
            return Failed(arguments, error);
        }
    }

    /// <summary>A faulted Task of this method's return type.</summary>
    public Task Failed(object?[] arguments, Exception error)
    {
        var pending = CreatePending(arguments);
        pending.Fail(error);
        return pending.Task;
    }

    public PendingCall CreatePending(object?[] arguments) => createPending(this, arguments);

    public Task WithTimeout(Task task, TimeSpan timeout, GrainId grainId) =>
        task.IsCompleted ? task : withTimeout(task, timeout, $"{Name} on {grainId}");

    private static async Task TimeoutAfter(Task task, TimeSpan timeout, string call)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw TimedOut(call, timeout);
        }
    }

    private static GrainCallTimeoutException TimedOut(string call, TimeSpan timeout) =>
        new($"Call {call} did not complete within {timeout.TotalSeconds:0.###} s (the grain may be busy, blocked on a call cycle, or unreachable).");

    private static Func<object, object?[], Task> CompileInvoker(MethodInfo method, Type[] parameterTypes)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var call = Expression.Call(
            Expression.Convert(grain, method.DeclaringType!),
            method,
            parameterTypes.Select((type, i) => Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), type)));
        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), grain, arguments).Compile();
    }

    private static class TypedHelpers<TResult>
    {
        public static PendingCall CreatePending(GrainMethod method, object?[] arguments) => new PendingCall<TResult>(method, arguments);

        public static async Task<TResult> TimeoutAfter(Task task, TimeSpan timeout, string call)
        {
            try
            {
                return await ((Task<TResult>)task).WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw TimedOut(call, timeout);
            }
        }
    }
}

/// <summary>Stands in for the result type of methods that return a plain Task.</summary>
internal readonly struct VoidResult;

using System.Diagnostics;

namespace PersoActors.Cluster.Tests.Infrastructure;

/// <summary>Polls a condition the cluster reaches on its own (a view converging, grains moving), failing the
/// test if it is not reached within the timeout.</summary>
internal static class Eventually
{
    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout);

    /// <param name="explain">What to add to the failure message (say, the processes' last output).</param>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string>? explain = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"Condition not reached within {timeout.TotalSeconds} s.{Environment.NewLine}{explain?.Invoke()}");
            await Task.Delay(20);
        }
    }
}

namespace PersoActors.LoadTest.Tests.Infrastructure;

/// <summary>Lets several load-test runs share one connection pool: the runner disposes its client (and this
/// handler) at the end of each run, but the pooled connections stay open until the test disposes
/// <see cref="Pool"/>.</summary>
public sealed class KeptOpenHandler() : DelegatingHandler(Api.GatewayClient.CreateHandler())
{
    public IDisposable Pool => InnerHandler!;

    protected override void Dispose(bool disposing)
    {
        // The pool outlives the run on purpose; see Pool.
    }
}

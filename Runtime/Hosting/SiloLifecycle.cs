using Microsoft.Extensions.Hosting;
using PersoActors.Runtime.Activations;

namespace PersoActors.Runtime.Hosting;

/// <summary>On host shutdown, deactivates every grain so each flushes its state before the process ends.</summary>
internal sealed class SiloLifecycle(Catalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await catalog.DeactivateAllAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}

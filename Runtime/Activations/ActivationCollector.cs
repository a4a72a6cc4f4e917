using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PersoActors.Runtime.Hosting;

namespace PersoActors.Runtime.Activations;

/// <summary>Wakes every collection quantum, or at once when the activation cap is exceeded, and
/// asks the catalog to deactivate idle and least-recently-used activations.</summary>
internal sealed class ActivationCollector : BackgroundService
{
    private readonly SemaphoreSlim wakeUp = new(0, 1);
    private readonly Catalog catalog;
    private readonly IOptions<SiloOptions> options;

    public ActivationCollector(Catalog catalog, IOptions<SiloOptions> options)
    {
        this.catalog = catalog;
        this.options = options;
        catalog.CapExceeded += WakeUp;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new Timer(_ => WakeUp(), null, options.Value.CollectionQuantum, options.Value.CollectionQuantum);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await wakeUp.WaitAsync(stoppingToken).ConfigureAwait(false);
                catalog.Collect();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            catalog.CapExceeded -= WakeUp;
        }
    }

    private void WakeUp()
    {
        try
        {
            wakeUp.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one collection covers both reasons.
        }
    }
}

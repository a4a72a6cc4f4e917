using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PersoActors.Grains.Decisions;

/// <summary>Polls for catalog, signals and config changes so every silo picks them up within a refresh interval.</summary>
internal sealed class DecisionRefreshService(DecisionSnapshotHolder holder, IOptions<DecisionOptions> options, TimeProvider time, ILogger<DecisionRefreshService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.DecisionIdKey == DecisionOptions.DevelopmentDecisionIdKey)
        {
            logger.LogWarning("Decision ids are signed with the development key, which is published: anyone can forge them. " +
                "Set Decisions:DecisionIdKey (the same secret on every silo) before serving real traffic.");
        }

        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        do
        {
            try
            {
                await holder.RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Refreshing the decision snapshot failed; the previous one stays in use.");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

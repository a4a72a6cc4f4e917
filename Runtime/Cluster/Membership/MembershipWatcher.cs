using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PersoActors.Runtime.Cluster.Membership;

/// <summary>A client's (gateway's) membership duty: read the table and publish the view. Clients
/// are not rows in the table: they hold no grains and nobody needs to probe them.</summary>
internal sealed class MembershipWatcher(
    IMembershipTable table,
    ClusterMembership membership,
    IOptions<ClusterOptions> options,
    ILogger<MembershipWatcher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        membership.Publish(await table.ReadAllAsync(cancellationToken).ConfigureAwait(false));
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAny(Task.Delay(options.Value.RefreshPeriod, stoppingToken), membership.RefreshRequested).ConfigureAwait(false);
                if (!stoppingToken.IsCancellationRequested)
                {
                    membership.Publish(await table.ReadAllAsync(stoppingToken).ConfigureAwait(false));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Reading the membership table failed");
            }
        }
    }
}

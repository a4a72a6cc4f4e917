using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersoActors.Runtime.Activations;
using PersoActors.Runtime.Cluster.Membership;

namespace PersoActors.Runtime.Cluster.Routing;

/// <summary>On every new view, deactivates (flushing state) the activations whose grains this silo
/// no longer owns, so each grain converges on one activation, at its owner.</summary>
internal sealed class PlacementRebalancer(ClusterMembership membership, LocalSilo local, Catalog catalog, ILogger<PlacementRebalancer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        membership.ViewChanged += OnViewChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        membership.ViewChanged -= OnViewChanged;
        return Task.CompletedTask;
    }

    private void OnViewChanged(MembershipView view)
    {
        if (local.Address is null || !local.Accepting)
        {
            return; // Draining or dead: the shutdown path deactivates everything.
        }

        var moved = 0;
        foreach (var activation in catalog.Activations)
        {
            if (view.OwnerOf(activation.GrainId) != local.Address)
            {
                activation.RequestDeactivation(DeactivationReason.PlacementChanged);
                moved++;
            }
        }

        if (moved > 0)
        {
            logger.LogInformation("View {Version}: silo {Silo} hands over {Count} grains", view.Version, local.Address, moved);
        }
    }
}

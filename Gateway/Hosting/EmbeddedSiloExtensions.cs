using PersoActors.Grains.Customers;
using PersoActors.Grains.Decisions;
using PersoActors.Runtime.Cluster.Hosting;
using PersoActors.Runtime.Hosting;
using PersoActors.Runtime.State;

namespace PersoActors.Gateway.Hosting;

/// <summary>Where the gateway's grains live: in the silos of a cluster, or (with no cluster configured)
/// in a silo embedded in the gateway's own process.</summary>
public static class EmbeddedSiloExtensions
{
    /// <summary>With <c>Cluster:Membership</c> set (e.g. <c>sqlite:data/cluster.db</c>), joins that
    /// cluster as a client that holds no grains and routes every call to the owning silo; otherwise
    /// hosts an embedded silo (<see cref="AddEmbeddedSilo"/>).</summary>
    public static WebApplicationBuilder AddGrainHosting(this WebApplicationBuilder builder)
    {
        if (!builder.Services.TryAddPersoActorsClient(builder.Configuration))
        {
            return builder.AddEmbeddedSilo();
        }

        // The gateway reads the catalog snapshot (admin answers wait for it) but feeds no item signals.
        builder.Services.AddPersoActorsDecisions();
        return builder;
    }

    /// <summary>Adds an in-process silo whose grain state lives in the SQLite file named by
    /// <c>Storage:SqlitePath</c> (default <c>data/persoactors.db</c>; a relative path is resolved
    /// against the content root, so it does not depend on the working directory), and the decision engine
    /// (catalog snapshot, item signals, experiments; settings in the <c>Decisions</c> section).</summary>
    public static WebApplicationBuilder AddEmbeddedSilo(this WebApplicationBuilder builder)
    {
        builder.Services.AddPersoActorsSilo(silo => silo
            .AddCustomerGrains()
            .UseStorage(services =>
            {
                // Read when the silo starts, so settings given by hosts and tests at any stage apply.
                var configuration = services.GetRequiredService<IConfiguration>();
                var environment = services.GetRequiredService<IHostEnvironment>();
                var path = configuration["Storage:SqlitePath"] ?? Path.Combine("data", "persoactors.db");
                return new SqliteGrainStorage(Path.GetFullPath(path, environment.ContentRootPath));
            }));

        // After the silo, so the item-signal aggregator's last flush runs before the silo deactivates its grains.
        builder.Services.AddPersoActorsDecisions();
        return builder;
    }
}

using PersoActors.Grains.Customers;
using PersoActors.Runtime.Hosting;

namespace PersoActors.Gateway.Hosting;

/// <summary>With no cluster configured, the gateway hosts a silo in its own process.</summary>
public static class EmbeddedSiloExtensions
{
    /// <summary>Adds an in-process silo whose grain state lives in the SQLite file named by
    /// <c>Storage:SqlitePath</c> (default <c>data/persoactors.db</c>).</summary>
    public static WebApplicationBuilder AddEmbeddedSilo(this WebApplicationBuilder builder)
    {
        var path = builder.Configuration["Storage:SqlitePath"] ?? Path.Combine("data", "persoactors.db");
        builder.Services.AddPersoActorsSilo(silo => silo
            .AddGrains(typeof(CustomerGrain).Assembly)
            .UseSqliteStorage(path));
        return builder;
    }
}

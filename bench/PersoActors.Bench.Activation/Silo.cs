using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersoActors.Grains.Customers;
using PersoActors.Runtime;
using PersoActors.Runtime.Hosting;

namespace PersoActors.Bench.Activation;

/// <summary>A silo with the customer grains on one SQLite file; disposing it stops it (state flushed).</summary>
internal sealed class Silo(IHost host) : IAsyncDisposable
{
    public IGrainFactory Grains { get; } = host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<Silo> StartAsync(string database, Action<CustomerProfileOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddPersoActorsSilo(silo => silo.AddCustomerGrains().UseSqliteStorage(database));
        builder.Services.Configure(configure ?? (_ => { }));
        var host = builder.Build();
        await host.StartAsync();
        return new Silo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}

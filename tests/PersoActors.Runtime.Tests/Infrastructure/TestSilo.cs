using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PersoActors.Runtime;
using PersoActors.Runtime.Activations;
using PersoActors.Runtime.Hosting;

namespace PersoActors.Runtime.Tests;

/// <summary>A real single silo in a generic host, with the test grains and an <see cref="ActivationProbe"/>.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost host;

    private TestSilo(IHost host) => this.host = host;

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public ActivationProbe Probe => host.Services.GetRequiredService<ActivationProbe>();

    internal Catalog Catalog => host.Services.GetRequiredService<Catalog>();

    public static async Task<TestSilo> StartAsync(Action<SiloBuilder>? configure = null, ActivationProbe? probe = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(probe ?? new ActivationProbe());
        builder.Services.AddPersoActorsSilo(silo =>
        {
            silo.AddGrains(typeof(TestSilo).Assembly);
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    public GrainId IdOf<TGrain>(string key) where TGrain : IGrainWithStringKey =>
        ((Calls.GrainProxy)(object)Grains.GetGrain<TGrain>(key)).GrainId;

    public Task StopAsync() => host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}

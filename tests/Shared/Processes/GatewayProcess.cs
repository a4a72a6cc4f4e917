using System.Net;
using PersoActors.Storage.Hosting;

namespace PersoActors.Tests.Shared.Processes;

/// <summary>A real PersoActors.Gateway process on a free loopback port, configured through environment variables
/// the way an operator would (<c>Cluster__Membership</c>, …).</summary>
internal sealed class GatewayProcess : AppProcess
{
    private GatewayProcess(Uri address, IReadOnlyDictionary<string, string> settings)
        : base("Gateway", "PersoActors.Gateway", [], settings.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value))
    {
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts the gateway with these settings on a free port without waiting for it (<see cref="StartAsync"/>
    /// waits; a gateway expected not to start is launched only).</summary>
    public static GatewayProcess Launch(IReadOnlyDictionary<string, string> settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.On(IPAddress.Loopback)}");
        return new GatewayProcess(address, new Dictionary<string, string>(settings) { ["Urls"] = address.ToString() });
    }

    /// <summary>Starts the gateway with these configuration settings (keys as in appsettings, e.g.
    /// <c>Cluster:Membership</c>) and waits until it answers <c>/health</c>. A port found free can be taken by another
    /// process (a silo's outgoing connection, another free-port pick) before the gateway binds it: then it starts
    /// again on another port, up to three times.</summary>
    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        for (var attempt = 1; ; attempt++)
        {
            var gateway = Launch(settings);
            try
            {
                await WaitForHealthAsync(gateway, timeout);
                return gateway;
            }
            catch when (attempt < 3 && gateway.HasExited && gateway.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                gateway.Dispose();
            }
            catch
            {
                gateway.Dispose(); // not yet owned by the test, so not stopped by it
                throw;
            }
        }
    }

    private static async Task WaitForHealthAsync(GatewayProcess gateway, TimeSpan timeout)
    {
        using var probe = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Assert.False(gateway.HasExited, $"The gateway exited while starting:{Environment.NewLine}{gateway.Output}");
            try
            {
                if ((await probe.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"The gateway did not answer /health within {timeout}:{Environment.NewLine}{gateway.Output}");
            await Task.Delay(50);
        }
    }
}

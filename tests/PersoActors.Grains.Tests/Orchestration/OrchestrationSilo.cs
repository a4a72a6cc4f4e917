using Microsoft.Extensions.Time.Testing;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Orchestration;
using PersoActors.Grains.Tests.Infrastructure;
using PersoActors.Tests.Shared;

namespace PersoActors.Grains.Tests.Orchestration;

/// <summary>A real silo (SQLite state and reminders) on a fake orchestration clock, delivering to a real Kestrel
/// webhook receiver as the destination <c>crm</c>; triggers are read without caching.</summary>
internal sealed class OrchestrationSilo : IAsyncDisposable
{
    private readonly TempDirectory directory = new();

    private OrchestrationSilo(WebhookReceiver receiver) => Receiver = receiver;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public WebhookReceiver Receiver { get; }

    public TestSilo Silo { get; private set; } = null!;

    /// <summary>The silo's SQLite file (for raw-file privacy checks).</summary>
    public string StateFile => directory.File("state.db");

    /// <param name="secret">The <c>crm</c> destination's signing secret.</param>
    /// <param name="configure">Further orchestration settings (retries, the destination's concurrency…).</param>
    public static async Task<OrchestrationSilo> StartAsync(string secret, Action<OrchestrationOptions>? configure = null)
    {
        var harness = new OrchestrationSilo(await WebhookReceiver.StartAsync());
        harness.Silo = await TestSilo.StartAsync(harness.StateFile, new TestSiloOptions
        {
            OrchestrationClock = harness.Clock,
            Orchestration = o =>
            {
                o.Destinations["crm"] = new WebhookDestination { Url = harness.Receiver.Url, Secret = secret };
                o.TriggerRefreshInterval = TimeSpan.Zero;
                configure?.Invoke(o);
            },
        });
        return harness;
    }

    /// <summary>A customer with analytics and marketing consent who accepts email.</summary>
    public async Task<ICustomerGrain> ConsentingCustomerAsync(string id)
    {
        var customer = Silo.Grains.GetGrain<ICustomerGrain>(id);
        await customer.ChangeConsentsAsync(new ConsentChange(
            [new ConsentDecision(ConsentPurpose.Analytics, true), new ConsentDecision(ConsentPurpose.Marketing, true)], "test", false));
        await customer.PatchPreferencesAsync(new PreferencesPatch { AcceptedChannels = ["email"] });
        return customer;
    }

    public async ValueTask DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Receiver.DisposeAsync();
        directory.Dispose();
    }
}

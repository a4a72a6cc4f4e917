using Microsoft.Extensions.Options;

namespace PersoActors.Grains.Orchestration;

/// <summary>What a customer grain needs to run triggers, in one service: the triggers, the clock, the sender.</summary>
public sealed class OrchestrationServices(TriggerCatalog triggers, OrchestrationClock clock, WebhookDispatcher dispatcher, IOptions<OrchestrationOptions> options)
{
    public TriggerCatalog Triggers { get; } = triggers;

    public OrchestrationClock Clock { get; } = clock;

    public WebhookDispatcher Dispatcher { get; } = dispatcher;

    public OrchestrationOptions Options => options.Value;
}

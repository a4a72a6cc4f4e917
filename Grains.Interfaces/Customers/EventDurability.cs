namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>When a batch of behaviour events is acknowledged. Consent, preference and erasure changes are always durable.</summary>
[GenerateSerializer]
public enum EventDurability : byte
{
    /// <summary>As the deployment says (<c>Storage:Durability</c>; durable unless set to relaxed).</summary>
    Default,

    /// <summary>Once the events are in the store.</summary>
    Durable,

    /// <summary>Once the events are in the customer's memory and queued for the store, which commits them within
    /// <c>Storage:RelaxedFlushInterval</c> (at most <c>Storage:RelaxedMaxPending</c> pending per silo; beyond either
    /// bound the call waits as a durable one). A crash may lose what was acknowledged in that window.</summary>
    Relaxed,
}

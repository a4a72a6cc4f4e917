using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>What a customer grain persists.</summary>
public sealed class CustomerState
{
    public List<BehaviourEvent> RecentEvents { get; set; } = [];

    public long EventCount { get; set; }
}

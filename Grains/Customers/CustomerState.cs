using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>What a customer grain persists: a snapshot of its profile. The grain holds the compact
/// in-memory <see cref="CustomerProfile"/> and sets this only for the duration of a write.</summary>
public sealed class CustomerState
{
    public CustomerSnapshot? Profile { get; set; }
}

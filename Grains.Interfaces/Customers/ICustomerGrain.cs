using PersoActors.Runtime;

namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>One customer: their consents, preferences, context and recent behaviour, held in memory.
/// The key is the customer id as the site knows it.</summary>
[GrainType("customer")]
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Records a batch of behaviour events; acknowledged events are durable.</summary>
    Task<TrackEventsResult> TrackEventsAsync(IReadOnlyList<BehaviourEvent> events);

    /// <summary>The customer's profile as the API shows it.</summary>
    Task<CustomerProfileView> GetProfileAsync();
}

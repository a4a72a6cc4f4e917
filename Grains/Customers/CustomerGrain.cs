using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Runtime;

namespace PersoActors.Grains.Customers;

public sealed class CustomerGrain([PersistentState("profile")] IPersistentState<CustomerState> profile) : Grain, ICustomerGrain
{
    private const int RecentEventLimit = 100;

    public async Task<TrackEventsResult> TrackEventsAsync(IReadOnlyList<BehaviourEvent> events)
    {
        var state = profile.State;
        state.RecentEvents.AddRange(events);
        if (state.RecentEvents.Count > RecentEventLimit)
        {
            state.RecentEvents.RemoveRange(0, state.RecentEvents.Count - RecentEventLimit);
        }

        state.EventCount += events.Count;
        await profile.WriteStateAsync();
        return new TrackEventsResult(events.Count, 0, null);
    }

    public Task<CustomerProfileView> GetProfileAsync() =>
        Task.FromResult(new CustomerProfileView(GetPrimaryKeyString(), (int)profile.State.EventCount, [.. profile.State.RecentEvents]));
}

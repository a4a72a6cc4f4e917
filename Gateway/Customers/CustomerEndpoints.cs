using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Runtime;

namespace PersoActors.Gateway.Customers;

/// <summary>The customer API: <c>/v1/customers/{id}</c>.</summary>
public static class CustomerEndpoints
{
    public static IEndpointRouteBuilder MapCustomerEndpoints(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/v1/customers/{id}");
        customers.MapPost("/events", (string id, IReadOnlyList<BehaviourEvent> events, IGrainFactory grains) =>
            grains.GetGrain<ICustomerGrain>(id).TrackEventsAsync(events));
        customers.MapGet("/", (string id, IGrainFactory grains) => grains.GetGrain<ICustomerGrain>(id).GetProfileAsync());
        return app;
    }
}

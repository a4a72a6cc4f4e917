using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>How much one event says about the customer's taste: a purchase more than a view.</summary>
public static class EventWeights
{
    public static double Of(EventType type) => type switch
    {
        EventType.View => 1,
        EventType.Click => 2,
        EventType.Search => 1,
        EventType.AddToCart => 3,
        EventType.Purchase => 5,
        EventType.EmailOpen => 0.5,
        EventType.Custom => 0.5,
        _ => 0,
    };
}

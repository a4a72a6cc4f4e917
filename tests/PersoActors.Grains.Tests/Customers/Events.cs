using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Tests.Customers;

/// <summary>Builders for domain tests: a fixed clock and short event constructors.</summary>
internal static class Events
{
    public static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static BehaviourEvent View(string item, string category = "shoes", string? brand = "acme", double minutes = 0) =>
        new(EventType.View, T0.AddMinutes(minutes), item, [category], brand);

    public static BehaviourEvent AddToCart(string item, decimal price, int quantity = 1, double minutes = 0) =>
        new(EventType.AddToCart, T0.AddMinutes(minutes), item, ["shoes"], "acme", price, quantity);

    public static BehaviourEvent Purchase(string? item, decimal value, string? orderId = null, double minutes = 0) =>
        new(EventType.Purchase, T0.AddMinutes(minutes), item, item is null ? null : ["shoes"], item is null ? null : "acme", value, OrderId: orderId);

    public static ConsentChange Grant(params ConsentPurpose[] purposes) =>
        new([.. purposes.Select(p => new ConsentDecision(p, true))], "test", ReplaceAll: false);

    public static ConsentChange Deny(params ConsentPurpose[] purposes) =>
        new([.. purposes.Select(p => new ConsentDecision(p, false))], "test", ReplaceAll: false);

    public static CustomerProfile ConsentingProfile(CustomerProfileOptions? options = null)
    {
        var profile = new CustomerProfile(options ?? new CustomerProfileOptions());
        profile.ChangeConsents(Grant(ConsentPurpose.Analytics, ConsentPurpose.Personalization), T0);
        return profile;
    }
}

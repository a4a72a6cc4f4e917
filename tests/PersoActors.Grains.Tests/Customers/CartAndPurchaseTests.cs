using PersoActors.Grains.Customers;
using PersoActors.Grains.Interfaces.Customers;
using static PersoActors.Grains.Tests.Customers.Events;

namespace PersoActors.Grains.Tests.Customers;

public sealed class CartAndPurchaseTests
{
    [Fact]
    public void A_cart_untouched_for_the_abandonment_time_is_abandoned()
    {
        var profile = ConsentingProfile(new CustomerProfileOptions { CartAbandonedAfter = TimeSpan.FromMinutes(30) });
        profile.Track([AddToCart("sku-1", 10m, quantity: 2), AddToCart("sku-2", 5.5m, minutes: 1)]);

        var fresh = profile.Cart(T0.AddMinutes(30));
        var stale = profile.Cart(T0.AddMinutes(31));

        Assert.False(fresh.Abandoned);
        Assert.True(stale.Abandoned);
        Assert.Equal(T0.AddMinutes(31), stale.AbandonedAt);
        Assert.Equal(25.5m, stale.Value);
        Assert.Equal([("sku-1", 2), ("sku-2", 1)], stale.Lines.Select(l => (l.ItemId, l.Quantity)));
    }

    [Fact]
    public void A_new_cart_event_makes_an_abandoned_cart_active_again()
    {
        var profile = ConsentingProfile(new CustomerProfileOptions { CartAbandonedAfter = TimeSpan.FromMinutes(30) });
        profile.Track([AddToCart("sku-1", 10m)]);
        Assert.True(profile.Cart(T0.AddHours(2)).Abandoned);

        profile.Track([new BehaviourEvent(EventType.RemoveFromCart, T0.AddHours(2), "sku-1")]);
        profile.Track([AddToCart("sku-2", 1m, minutes: 121)]);

        var cart = profile.Cart(T0.AddHours(2).AddMinutes(5));
        Assert.False(cart.Abandoned);
        Assert.Equal(["sku-2"], cart.Lines.Select(l => l.ItemId));
    }

    [Fact]
    public void An_empty_cart_is_never_abandoned()
    {
        var profile = ConsentingProfile();
        profile.Track([AddToCart("sku-1", 10m), Purchase(null, 10m, minutes: 1)]);

        Assert.False(profile.Cart(T0.AddDays(10)).Abandoned);
        Assert.Empty(profile.Cart(T0.AddDays(10)).Lines);
    }

    [Fact]
    public void Purchases_give_recency_frequency_and_monetary_value()
    {
        var profile = ConsentingProfile();
        profile.Track([Purchase("sku-1", 100m), Purchase("sku-2", 50.25m, minutes: 60 * 24)]);

        var summary = profile.Purchases(T0.AddDays(3));

        Assert.Equal(2, summary.OrderCount);
        Assert.Equal(150.25m, summary.TotalSpend);
        Assert.Equal(75.13m, summary.AverageOrderValue);
        Assert.Equal(T0, summary.FirstPurchaseAt);
        Assert.Equal(T0.AddDays(1), summary.LastPurchaseAt);
        Assert.Equal(2.0, summary.RecencyDays!.Value, 6);
        Assert.Equal(["sku-2", "sku-1"], summary.PurchasedItemIds);
    }

    [Fact]
    public void Lines_of_one_order_count_as_one_order()
    {
        var profile = ConsentingProfile();
        profile.Track([Purchase("sku-1", 10m, "order-1"), Purchase("sku-2", 20m, "order-1"), Purchase("sku-3", 5m, "order-2")]);

        var summary = profile.Purchases(T0);

        Assert.Equal(2, summary.OrderCount);
        Assert.Equal(35m, summary.TotalSpend);
    }

    [Fact]
    public void Buying_an_item_takes_it_out_of_the_cart()
    {
        var profile = ConsentingProfile();
        profile.Track([AddToCart("sku-1", 10m), AddToCart("sku-2", 20m), Purchase("sku-1", 10m, minutes: 1)]);

        Assert.Equal(["sku-2"], profile.Cart(T0).Lines.Select(l => l.ItemId));
    }
}

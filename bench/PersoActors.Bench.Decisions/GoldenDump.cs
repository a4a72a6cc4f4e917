using System.Text.Json;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Bench.Decisions;

/// <summary>Writes every decision for a varied set of customers and requests (decision ids blanked) to a file, so an
/// optimization can be checked to return exactly what the code before it returned: run with <c>--dump FILE</c>
/// before and after, then compare the files.</summary>
internal static class GoldenDump
{
    public static void Write(string path, DecisionEngine engine, DecisionSnapshot snapshot, DecisionProfile[] customers, DateTimeOffset now)
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        using var writer = new StreamWriter(path);
        for (var i = 0; i < customers.Length; i++)
        {
            var customer = Vary(customers[i], i);
            var context = new DecisionContext(Device: i % 2 == 0 ? "mobile" : "desktop", Channel: "web", LocalHour: i % 24,
                CartItemIds: i % 6 == 0 ? [$"item-{i * 13}", $"item-{i * 17}"] : null);
            var requests = new RecommendationsRequest[]
            {
                new("home", 10, Context: context),
                new("product_page", 10 + i % 7, $"item-{i * 37 % 100_000}", context),
                new("cart", 5, Context: context),
                new("home", 40, Context: context),
            };
            foreach (var request in requests)
            {
                var r = engine.Recommend(customer, request, null, snapshot, now);
                writer.WriteLine(JsonSerializer.Serialize(new { r.Response.Personalized, r.Response.FallbackReason, r.Response.Items, r.Response.Experiments }, json));
            }

            var e = engine.Experience(customer, new ExperienceRequest(i % 3 == 0 ? "home" : "product", i % 3 == 1 ? $"item-{i}" : null, context, MaxBlocks: 6, MaxOffers: 2), null, snapshot, now);
            writer.WriteLine(JsonSerializer.Serialize(e.Response with { DecisionId = "" }, json));
            var o = engine.Offers(customer, new OffersRequest(context, 3, Explain: true), null, snapshot, now);
            writer.WriteLine(JsonSerializer.Serialize(o.Response with { DecisionId = "" }, json));
        }
    }

    private static DecisionProfile Vary(DecisionProfile customer, int i) => (i % 8) switch
    {
        1 => customer with { Customization = customer.Customization! with { FavouriteCategories = [$"cat-{i % 500}", $"CAT-{i * 7 % 500}"], FavouriteBrands = [$"brand-{i % 300}"] } },
        2 => customer with { PersonalizationConsent = false },
        3 => customer with { Customization = customer.Customization! with { ContentFilters = ["halal"] } },
        4 => customer with { RecentItems = customer.RecentItems!.Take(1).ToList(), PurchasedItemIds = [], CategoryAffinities = null },
        5 => customer with { Customization = customer.Customization! with { ExcludedBrands = [$"brand-{i % 300}", $"brand-{i * 3 % 300}"], ExcludedCategories = [$"cat-{i % 500}", $"cat-{(i + 1) % 500}"] } },
        6 => customer with { CategoryAffinities = Enumerable.Range(0, 30).ToDictionary(c => $"cat-{(i + c * 11) % 500}", c => 1.0 + c % 7), BrandAffinities = Enumerable.Range(0, 8).ToDictionary(b => $"brand-{(i + b) % 300}", b => 1.0 + b) },
        _ => customer,
    };
}

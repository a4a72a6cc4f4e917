using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PersoActors.Gateway.Tests.Infrastructure;
using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Tests.Decisions;

/// <summary>The real gateway (embedded SQLite silo) with the synthetic catalog loaded through the admin API.
/// Item signals are flushed by the tests (<see cref="FlushSignalsAsync"/>), not by the timer.</summary>
public sealed class DecisionGateway : IAsyncLifetime
{
    public GatewayFactory Factory { get; } = new GatewayFactory()
        .WithSetting("Decisions:SignalsFlushInterval", "01:00:00")
        .WithSetting("Decisions:RefreshInterval", "00:00:00.200");

    public HttpClient Site { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public CatalogUploadResult Loaded { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Site = Factory.Site();
        Admin = Factory.Admin();

        // Half as a JSON batch, half as JSONL, so both upload paths feed the same catalog.
        var items = SyntheticCatalog.Items();
        var half = items.Count / 2;
        await (await Admin.SendJsonAsync(HttpMethod.Put, "/v1/catalog/items", new { items = items.Take(half) })).ReadAsync<CatalogUploadResult>();
        var lines = string.Join('\n', items.Skip(half).Select(i => System.Text.Json.JsonSerializer.Serialize(i, GatewayFactory.Json)));
        Loaded = await (await Admin.PostAsync("/v1/catalog/import", new StringContent(lines, System.Text.Encoding.UTF8, "application/x-ndjson")))
            .ReadAsync<CatalogUploadResult>();
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>Merges the item signals recorded so far and refreshes the gateway's snapshot.</summary>
    public Task FlushSignalsAsync() => Factory.Services.GetRequiredService<ItemSignalAggregator>().FlushAsync();

    public async Task<RecommendationsResponse> RecommendAsync(string customerId, object? body = null) =>
        await (await Site.SendJsonAsync(HttpMethod.Post, $"/v1/customers/{customerId}/recommendations", body ?? new { count = 10 }))
            .ReadAsync<RecommendationsResponse>();

    /// <summary>A customer who consented to analytics (and personalization unless told otherwise) and viewed and
    /// clicked <paramref name="items"/> items of <paramref name="category"/>.</summary>
    public async Task<string> CustomerInterestedInAsync(string category, bool personalization = true, int items = 5, string prefix = "fan", string? customerId = null)
    {
        customerId ??= GatewayFactory.NewCustomerId(prefix);
        if (personalization)
        {
            await Site.GrantAsync(customerId, "analytics", "personalization");
        }
        else
        {
            await Site.GrantAsync(customerId, "analytics");
        }

        var events = Enumerable.Range(1, items).SelectMany(n => new object[]
        {
            new { type = "view", itemId = SyntheticCatalog.Id(category, n), categories = new[] { category }, brand = SyntheticCatalog.BrandOf(n) },
            new { type = "click", itemId = SyntheticCatalog.Id(category, n), categories = new[] { category }, brand = SyntheticCatalog.BrandOf(n) },
        }).ToArray();
        await Site.TrackAsync(customerId, events);
        return customerId;
    }

    public async Task<System.Text.Json.JsonElement> GetJsonAsync(HttpClient client, string url) =>
        await (await client.GetAsync(url)).ReadJsonAsync();

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(GatewayFactory.Json))!;
}

/// <summary>8 categories × 25 items; brands rotate over acme/globex/initech; even items are vegan; item 23 has no
/// stock and item 24 is withdrawn.</summary>
public static class SyntheticCatalog
{
    public static readonly string[] Categories = ["coffee", "tea", "books", "shoes", "hats", "games", "garden", "toys"];

    public const int PerCategory = 25;

    public static string Id(string category, int n) => $"{category}-{n:00}";

    public static string BrandOf(int n) => (n % 3) switch { 0 => "acme", 1 => "globex", _ => "initech" };

    public static bool IsRecommendable(int n) => n is not (23 or 24);

    public static List<CatalogItem> Items() =>
    [
        .. Categories.SelectMany(category => Enumerable.Range(0, PerCategory).Select(n => new CatalogItem(
            Id(category, n),
            $"{category} item {n}",
            [category],
            BrandOf(n),
            Tags: n % 5 == 0 ? ["breakfast"] : null,
            Price: 5 + n,
            Available: n != 24,
            Stock: n == 23 ? 0 : 100,
            Attributes: n % 2 == 0 ? ["vegan"] : null))),
    ];

    public static string CategoryOf(string itemId) => itemId[..itemId.LastIndexOf('-')];

    public static int NumberOf(string itemId) => int.Parse(itemId[(itemId.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}

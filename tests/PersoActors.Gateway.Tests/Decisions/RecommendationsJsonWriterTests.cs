using System.Text.Json;
using PersoActors.Gateway.Decisions;
using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Gateway.Tests.Decisions;

public sealed class RecommendationsJsonWriterTests
{
    public static TheoryData<RecommendationsResponse> Answers() =>
    [
        new("d1_abc", true, null, "home",
            [
                new RecommendedItem("sku-1", "Trail \"Shoe\" <ünïcode> & co", ["shoes", "outdoor"], "Acme", 129.90m, 0.8123,
                    new ItemReason("because_you_viewed", "Because you viewed Trail \"Shoe\"", RelatedItemId: "sku-0")),
                new RecommendedItem("sku-2", "Mug", [], null, 0m, 0, new ItemReason("popular_in_category", "Popular in kitchen", Category: "kitchen")),
                new RecommendedItem("sku-3", "Tea", ["tea"], "Brand", -1.5m, 1e-7, new ItemReason("trending", "Trending now")),
            ],
            [new ExperimentAssignment("home-recs", "popular", new Dictionary<string, string> { ["strategy"] = "popularity" }), new ExperimentAssignment("x", "control")],
            42),
        new("d1_empty", false, "no_personalization_consent", "product_page", [], [], 0),
        new("d1_nulls", false, "insufficient_data", "cart", null!, null!, long.MaxValue),
    ];

    [Theory]
    [MemberData(nameof(Answers))]
    public void The_gateway_writes_recommendations_byte_for_byte_as_its_generated_json_context_would(RecommendationsResponse answer)
    {
        var generated = JsonSerializer.SerializeToUtf8Bytes(answer, DecisionResponseJson.Default.RecommendationsResponse);
        var written = JsonSerializer.SerializeToUtf8Bytes(answer, DecisionResponseJson.Recommendations);

        Assert.Equal(System.Text.Encoding.UTF8.GetString(generated), System.Text.Encoding.UTF8.GetString(written));
    }
}

using PersoActors.Grains.Customers;

namespace PersoActors.Grains.Tests.Customers;

public sealed class AffinityModelTests
{
    private const long Day = 86_400;
    private const long T = 1_750_000_000;

    [Fact]
    public void A_score_halves_every_half_life()
    {
        var model = new AffinityModel(maxEntries: 8, halfLifeSeconds: 7 * Day, maxScore: 1000);
        model.Add("shoes", 4, T);

        Assert.Equal(4, model.ScoreOf("shoes", T), 9);
        Assert.Equal(2, model.ScoreOf("shoes", T + 7 * Day), 9);
        Assert.Equal(1, model.ScoreOf("shoes", T + 14 * Day), 9);
    }

    [Fact]
    public void Contributions_add_up_decayed_to_their_age_whatever_their_order()
    {
        var inOrder = new AffinityModel(8, 7 * Day, 1000);
        inOrder.Add("shoes", 2, T);
        inOrder.Add("shoes", 2, T + 7 * Day);
        var outOfOrder = new AffinityModel(8, 7 * Day, 1000);
        outOfOrder.Add("shoes", 2, T + 7 * Day);
        outOfOrder.Add("shoes", 2, T);

        Assert.Equal(3, inOrder.ScoreOf("shoes", T + 7 * Day), 9);
        Assert.Equal(3, outOfOrder.ScoreOf("shoes", T + 7 * Day), 9);
    }

    [Fact]
    public void Scores_are_capped()
    {
        var model = new AffinityModel(8, 7 * Day, maxScore: 10);
        for (var i = 0; i < 100; i++)
        {
            model.Add("shoes", 5, T);
        }

        Assert.Equal(10, model.ScoreOf("shoes", T));
    }

    [Fact]
    public void A_new_key_evicts_the_weakest_only_when_stronger()
    {
        var model = new AffinityModel(maxEntries: 2, 7 * Day, 1000);
        model.Add("strong", 5, T);
        model.Add("weak", 1, T);
        model.Add("weaker", 0.5, T);
        Assert.Equal(0, model.ScoreOf("weaker", T));

        model.Add("new", 3, T);

        Assert.Equal(["strong", "new"], model.Scores(T).Select(s => s.Key));
    }

    [Fact]
    public void Scores_are_listed_strongest_first()
    {
        var model = new AffinityModel(8, 7 * Day, 1000);
        model.Add("a", 1, T);
        model.Add("b", 3, T);
        model.Add("c", 2, T);

        Assert.Equal(["b", "c", "a"], model.Scores(T).Select(s => s.Key));
    }
}

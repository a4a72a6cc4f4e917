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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Evictions_match_the_plain_definition_bit_for_bit(int seed)
    {
        // Many keys for few places, tied and near-tied weights, times mostly forward with some out of order and some
        // far apart: the weakest entry is looked for on nearly every add.
        var random = new Random(seed);
        var model = new AffinityModel(maxEntries: 6, halfLifeSeconds: 60 * Day, maxScore: 50);
        var plain = new PlainAffinities(maxEntries: 6, halfLifeSeconds: 60 * Day, maxScore: 50);
        double[] weights = [1, 1, 2, 0.5, 3, 1.0000001, 30];
        var at = T;
        for (var i = 0; i < 3_000; i++)
        {
            at += random.Next(10) switch { 0 => -random.Next(3 * (int)Day), 1 => random.Next(200 * (int)Day), _ => random.Next(120) };
            var key = $"key-{random.Next(40)}";
            var weight = weights[random.Next(weights.Length)];
            model.Add(key, weight, at);
            plain.Add(key, weight, at);
        }

        Assert.Equal(plain.Stored(), model.ToStored().Select(s => (s.Key, s.Score, s.AsOf.ToUnixTimeSeconds())));
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

    /// <summary>The model's definition written plainly, to hold a faster search for the weakest entry to the same
    /// results: every kept entry decayed to the time of the add.</summary>
    private sealed class PlainAffinities(int maxEntries, double halfLifeSeconds, double maxScore)
    {
        private readonly List<(string Key, float Score, long AsOf)> entries = [];
        private readonly double rate = -Math.Log(2) / halfLifeSeconds;

        public void Add(string key, double weight, long at)
        {
            var index = entries.FindIndex(e => e.Key == key);
            if (index >= 0)
            {
                var e = entries[index];
                entries[index] = at >= e.AsOf
                    ? (key, Cap(Decayed(e.Score, at - e.AsOf) + weight), at)
                    : (key, Cap(e.Score + Decayed(weight, e.AsOf - at)), e.AsOf);
                return;
            }

            if (entries.Count < maxEntries)
            {
                entries.Add((key, Cap(weight), at));
                return;
            }

            var weakest = -1;
            var weakestScore = double.MaxValue;
            for (var i = 0; i < entries.Count; i++)
            {
                var score = at > entries[i].AsOf ? Decayed(entries[i].Score, at - entries[i].AsOf) : entries[i].Score;
                if (score < weakestScore)
                {
                    (weakest, weakestScore) = (i, score);
                }
            }

            if (weakestScore < weight)
            {
                entries[weakest] = (key, Cap(weight), at);
            }
        }

        public IEnumerable<(string Key, double Score, long AsOf)> Stored() => entries.Select(e => (e.Key, (double)e.Score, e.AsOf));

        private double Decayed(double score, long seconds) => score * Math.Exp(seconds * rate);

        private float Cap(double score) => (float)Math.Clamp(score, 0, maxScore);
    }
}

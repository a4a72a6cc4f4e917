using PersoActors.Grains.Decisions;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>Time-decayed affinities to keys (categories or brands). Each contribution halves every
/// half-life, so the score of a key at time t is Σ wᵢ·2^(−(t−tᵢ)/h), capped at a maximum. At most
/// <c>maxEntries</c> keys are kept: a new key evicts the weakest one only if it is stronger.</summary>
public sealed class AffinityModel(int maxEntries, double halfLifeSeconds, double maxScore)
{
    private readonly double decayPerSecond = Decay.RatePerSecond(halfLifeSeconds);
    private Entry[] entries = [];

    public int Count { get; private set; }

    /// <summary>Adds <paramref name="weight"/> to <paramref name="key"/> at Unix time <paramref name="at"/>.
    /// Contributions may arrive out of order; the result does not depend on it (up to the cap).</summary>
    public void Add(string key, double weight, long at)
    {
        if (!(weight > 0) || maxEntries <= 0)
        {
            return;
        }

        for (var i = 0; i < Count; i++)
        {
            ref var entry = ref entries[i];
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                if (at >= entry.AsOf)
                {
                    entry = entry with { Score = Cap(Decayed(entry.Score, at - entry.AsOf) + weight), Time = CompactTime.FromUnix(at) };
                }
                else
                {
                    entry = entry with { Score = Cap(entry.Score + Decayed(weight, entry.AsOf - at)) };
                }

                return;
            }
        }

        var added = new Entry(StringPool.Shared.Intern(key), Cap(weight), CompactTime.FromUnix(at));
        if (Count < maxEntries)
        {
            if (Count == entries.Length)
            {
                Array.Resize(ref entries, Math.Min(maxEntries, Math.Max(4, entries.Length * 2)));
            }

            entries[Count++] = added;
            return;
        }

        var weakest = -1;
        var weakestScore = double.MaxValue;
        for (var i = 0; i < Count; i++)
        {
            var score = ScoreAt(entries[i], at);
            if (score < weakestScore)
            {
                weakest = i;
                weakestScore = score;
            }
        }

        if (weakestScore < weight)
        {
            entries[weakest] = added;
        }
    }

    /// <summary>The score of <paramref name="key"/> decayed to <paramref name="now"/> (0 when unknown).</summary>
    public double ScoreOf(string key, long now)
    {
        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                return ScoreAt(entries[i], now);
            }
        }

        return 0;
    }

    /// <summary>All scores decayed to <paramref name="now"/>, strongest first.</summary>
    public IReadOnlyList<AffinityScore> Scores(long now)
    {
        var scores = new AffinityScore[Count];
        for (var i = 0; i < Count; i++)
        {
            scores[i] = new AffinityScore(entries[i].Key, ScoreAt(entries[i], now));
        }

        Array.Sort(scores, static (a, b) => b.Score.CompareTo(a.Score) is var c and not 0 ? c : string.CompareOrdinal(a.Key, b.Key));
        return scores;
    }

    /// <summary>The stored form: each score as of its own last update.</summary>
    public IReadOnlyList<StoredAffinity> ToStored()
    {
        var stored = new StoredAffinity[Count];
        for (var i = 0; i < Count; i++)
        {
            stored[i] = new StoredAffinity(entries[i].Key, entries[i].Score, DateTimeOffset.FromUnixTimeSeconds(entries[i].AsOf));
        }

        return stored;
    }

    public void Clear()
    {
        entries = [];
        Count = 0;
    }

    private double ScoreAt(Entry entry, long now) => now > entry.AsOf ? Decayed(entry.Score, now - entry.AsOf) : entry.Score;

    private double Decayed(double score, long seconds) => score * Math.Exp(seconds * decayPerSecond);

    private float Cap(double score) => (float)Math.Clamp(score, 0, maxScore);

    // 16 bytes: the key is pooled, the score a float, the time compact.
    private readonly record struct Entry(string Key, float Score, uint Time)
    {
        public long AsOf => CompactTime.ToUnix(Time);
    }
}

namespace PersoActors.Bench.Quality;

/// <summary>A temporal leave-last-N-out split: per user, ratings in time order (ties: movie id); the newest
/// <see cref="SplitOptions.HeldOut"/> are held out, the rest is training. With <see cref="SplitOptions.SkipNewest"/>
/// each user's newest ratings are dropped first, so the held-out window is an earlier one (data the defaults were not
/// chosen on). Users with fewer than held-out + <see cref="MinTraining"/> ratings left are training only.</summary>
public sealed class Split
{
    public const int MinTraining = 5;
    public const float RelevantStars = 4;

    private Split(IReadOnlyDictionary<int, Rating[]> training, IReadOnlyDictionary<int, Rating[]> heldOut)
    {
        Training = training;
        HeldOut = heldOut;
    }

    /// <summary>Each user's training ratings, oldest first.</summary>
    public IReadOnlyDictionary<int, Rating[]> Training { get; }

    /// <summary>Each evaluated user's held-out ratings, oldest first.</summary>
    public IReadOnlyDictionary<int, Rating[]> HeldOut { get; }

    public static Split Of(IEnumerable<Rating> ratings, SplitOptions? options = null)
    {
        var (heldOutPerUser, skipNewest) = options ?? new SplitOptions();
        var training = new Dictionary<int, Rating[]>();
        var heldOut = new Dictionary<int, Rating[]>();
        foreach (var user in ratings.GroupBy(r => r.User))
        {
            var ordered = user.OrderBy(r => r.Timestamp).ThenBy(r => r.Movie).SkipLast(skipNewest).ToArray();
            if (ordered.Length < heldOutPerUser + MinTraining)
            {
                training[user.Key] = ordered;
                continue;
            }

            training[user.Key] = ordered[..^heldOutPerUser];
            heldOut[user.Key] = ordered[^heldOutPerUser..];
        }

        return new Split(training, heldOut);
    }

    /// <summary>Held-out movies the user liked (rated ≥ <see cref="RelevantStars"/>).</summary>
    public HashSet<int> Relevant(int user) =>
        HeldOut.TryGetValue(user, out var held) ? held.Where(r => r.Stars >= RelevantStars).Select(r => r.Movie).ToHashSet() : [];
}

/// <summary>How a <see cref="Split"/> is cut.</summary>
/// <param name="HeldOut">The newest ratings per user held out for evaluation (10 by default).</param>
/// <param name="SkipNewest">Each user's newest ratings left out entirely before splitting (0 by default).</param>
public sealed record SplitOptions(int HeldOut = 10, int SkipNewest = 0)
{
    public int HeldOut { get; } = HeldOut >= 1 ? HeldOut : throw new ArgumentOutOfRangeException(nameof(HeldOut), HeldOut, "At least one rating per user must be held out.");

    public int SkipNewest { get; } = SkipNewest >= 0 ? SkipNewest : throw new ArgumentOutOfRangeException(nameof(SkipNewest), SkipNewest, "Cannot skip a negative number of ratings.");
}

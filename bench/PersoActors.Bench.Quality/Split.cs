namespace PersoActors.Bench.Quality;

/// <summary>A temporal leave-last-N-out split: per user, ratings in time order (ties: movie id); the newest
/// <see cref="HeldOutPerUser"/> are held out, the rest is training. Users with fewer than
/// <see cref="HeldOutPerUser"/> + <see cref="MinTraining"/> ratings are training only.</summary>
public sealed class Split
{
    public const int HeldOutPerUser = 10;
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

    public static Split Of(IEnumerable<Rating> ratings)
    {
        var training = new Dictionary<int, Rating[]>();
        var heldOut = new Dictionary<int, Rating[]>();
        foreach (var user in ratings.GroupBy(r => r.User))
        {
            var ordered = user.OrderBy(r => r.Timestamp).ThenBy(r => r.Movie).ToArray();
            if (ordered.Length < HeldOutPerUser + MinTraining)
            {
                training[user.Key] = ordered;
                continue;
            }

            training[user.Key] = ordered[..^HeldOutPerUser];
            heldOut[user.Key] = ordered[^HeldOutPerUser..];
        }

        return new Split(training, heldOut);
    }

    /// <summary>Held-out movies the user liked (rated ≥ <see cref="RelevantStars"/>).</summary>
    public HashSet<int> Relevant(int user) =>
        HeldOut.TryGetValue(user, out var held) ? held.Where(r => r.Stars >= RelevantStars).Select(r => r.Movie).ToHashSet() : [];
}

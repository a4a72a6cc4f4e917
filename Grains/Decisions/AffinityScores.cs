namespace PersoActors.Grains.Decisions;

/// <summary>A decision profile's affinity scores as the Dictionary the profile builder makes them, so that walking
/// them boxes no enumerator per decision (any other dictionary is copied).</summary>
internal static class AffinityScores
{
    public static Dictionary<string, double> AsDictionary(IReadOnlyDictionary<string, double> scores) =>
        scores as Dictionary<string, double> ?? new Dictionary<string, double>(scores);
}

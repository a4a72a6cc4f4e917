namespace PersoActors.Grains.Decisions;

/// <summary>Turns raw co-occurrence into a similarity that does not just follow popularity: the cosine of two items'
/// interaction vectors, c(i,j) / √((n(i) + d)(n(j) + d)), where n is an item's decayed interaction count and the
/// damping d keeps an item seen two or three times from looking like the perfect match of everything it met.</summary>
public static class Similarity
{
    /// <summary>Damping added to each item's interaction count (in decayed interactions).</summary>
    public const double Damping = 5;

    public static double Cosine(double coOccurrence, double count, double neighbourCount) =>
        coOccurrence / Math.Sqrt((count + Damping) * (neighbourCount + Damping));
}

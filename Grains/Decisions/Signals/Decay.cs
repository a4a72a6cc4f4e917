namespace PersoActors.Grains.Decisions;

/// <summary>Exponential decay: a score halves every half-life.</summary>
public static class Decay
{
    /// <summary>The factor a score is multiplied by after <paramref name="elapsed"/> (negative elapsed grows it).</summary>
    public static double Factor(TimeSpan elapsed, TimeSpan halfLife) => Math.Pow(2, -elapsed.TotalSeconds / halfLife.TotalSeconds);
}

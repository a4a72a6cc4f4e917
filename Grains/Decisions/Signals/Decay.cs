namespace PersoActors.Grains.Decisions;

/// <summary>Exponential decay: a score halves every half-life.</summary>
public static class Decay
{
    /// <summary>The factor a score is multiplied by after <paramref name="elapsed"/> (negative elapsed grows it).</summary>
    public static double Factor(TimeSpan elapsed, TimeSpan halfLife) => Math.Exp(elapsed.TotalSeconds * RatePerSecond(halfLife.TotalSeconds));

    /// <summary>The exponent per second, so that the factor after <c>s</c> seconds is <c>Math.Exp(s * rate)</c>: e^x
    /// costs a third of 2^x (which the runtime computes with the C library's general <c>pow</c>), and replaying a
    /// customer's journal decays an affinity for nearly every event.</summary>
    public static double RatePerSecond(double halfLifeSeconds) => -Math.Log(2) / halfLifeSeconds;
}

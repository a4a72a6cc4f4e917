namespace PersoActors.Grains.Orchestration;

/// <summary>Exponential backoff with jitter: InitialBackoff × 2^(attempts−1), capped, plus 0–20% so retries of many
/// customers against one recovering destination spread out.</summary>
public static class RetryBackoff
{
    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt.</summary>
    public static TimeSpan After(int attempts, OrchestrationOptions options, double jitter01)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var wait = Math.Min(options.InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent), options.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(wait * (1 + (0.2 * Math.Clamp(jitter01, 0, 1))));
    }
}

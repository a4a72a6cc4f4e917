using PersoActors.LoadTest.Catalog;

namespace PersoActors.LoadTest.Simulation;

/// <summary>
/// What a simulated customer is like. Derived from the customer id alone (not from the run's seed), so a
/// returning customer keeps the same consents, country, device and tastes from one run to the next.
/// Consent mix: 70% grant everything, 15% analytics only, 10% deny everything, 5% never answer the banner.
/// </summary>
/// <param name="Consents">The banner answer; null when the customer never answers it.</param>
/// <param name="Affinities">One to three top-level categories the customer mostly browses.</param>
/// <param name="Device">Usual device.</param>
/// <param name="Country">ISO country.</param>
/// <param name="Language">Language tag.</param>
/// <param name="BuyingPropensity">Multiplier (0.5–1.5) on add-to-cart and purchase probabilities.</param>
public sealed record CustomerTraits(
    ConsentChoices? Consents,
    IReadOnlyList<string> Affinities,
    string Device,
    string Country,
    string Language,
    double BuyingPropensity)
{
    private static readonly (string Country, string Language)[] Markets =
        [("PL", "pl"), ("DE", "de"), ("FR", "fr"), ("GB", "en"), ("US", "en"), ("ES", "es"), ("IT", "it"), ("NL", "nl")];

    public static CustomerTraits For(string customerId, IReadOnlyList<string> categories)
    {
        var random = new Random(StableHash.Of(customerId));
        var consentDraw = random.NextDouble();
        ConsentChoices? consents = consentDraw switch
        {
            < 0.70 => new ConsentChoices(true, true, random.NextDouble() < 0.6, random.NextDouble() < 0.3),
            < 0.85 => new ConsentChoices(true, false, false, false),
            < 0.95 => new ConsentChoices(false, false, false, false),
            _ => null,
        };
        var affinityCount = 1 + random.Next(3);
        var affinities = categories.OrderBy(_ => random.Next()).Take(affinityCount).ToArray();
        var device = random.NextDouble() switch { < 0.60 => "mobile", < 0.95 => "desktop", _ => "tablet" };
        var (country, language) = Markets[random.Next(Markets.Length)];
        return new CustomerTraits(consents, affinities, device, country, language, 0.5 + random.NextDouble());
    }

    /// <summary>Convenience for the default taxonomy.</summary>
    public static CustomerTraits For(string customerId) => For(customerId, CatalogGenerator.TopCategories);
}

/// <summary>A hash that is the same in every process (string.GetHashCode is randomized per process).</summary>
public static class StableHash
{
    public static int Of(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (int)(hash ^ (hash >> 32));
    }

    public static int Mix(int seed, long index, int stream = 0)
    {
        var x = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)index * 0xBF58476D1CE4E5B9UL ^ (ulong)stream * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        x *= 0xD6E8FEB86659FD93UL;
        x ^= x >> 32;
        return (int)x;
    }
}

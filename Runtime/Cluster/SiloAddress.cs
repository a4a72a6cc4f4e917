using System.Globalization;

namespace PersoActors.Runtime.Cluster;

/// <summary>Where a silo listens, plus the generation (start time) that tells a restarted silo on
/// the same endpoint apart from its previous incarnation.</summary>
/// <param name="Host">IP address or host name peers connect to.</param>
/// <param name="Port">TCP port of the silo-to-silo transport.</param>
/// <param name="Generation">Unique per process start (UTC ticks at start).</param>
public sealed record SiloAddress(string Host, int Port, long Generation)
{
    /// <summary>host:port, the part placement hashes (a restarted silo gets its grains back).</summary>
    public string Endpoint => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Renders as <c>host:port@generation</c>.</summary>
    public override string ToString() => $"{Endpoint}@{Generation.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>host:port@generation</c>.</summary>
    public static SiloAddress Parse(string text)
    {
        var at = text.LastIndexOf('@');
        var colon = text.LastIndexOf(':', at < 0 ? text.Length - 1 : at);
        if (at < 0 || colon < 0)
        {
            throw new FormatException($"'{text}' is not a silo address (expected host:port@generation).");
        }

        return new SiloAddress(
            text[..colon],
            int.Parse(text[(colon + 1)..at], NumberStyles.None, CultureInfo.InvariantCulture),
            long.Parse(text[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture));
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PersoActors.Grains.Orchestration;

/// <summary>The signature header of a webhook: <c>t=UNIX-SECONDS,v1=HEX</c> where HEX is
/// HMAC-SHA256(secret, "UNIX-SECONDS." + body). The timestamp is signed so a receiver can reject replays.</summary>
public static class WebhookSignature
{
    /// <summary>The header name.</summary>
    public const string Header = "X-PersoActors-Signature";

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="at"/>.</summary>
    public static string Create(string secret, DateTimeOffset at, string body)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Mac(secret, timestamp, body)}";
    }

    /// <summary>True when <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/> and its
    /// timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        string? timestamp = null, mac = null;
        foreach (var part in (header ?? "").Split(','))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
            {
                timestamp = part[2..];
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                mac = part[3..];
            }
        }

        if (timestamp is null || mac is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(secret, timestamp, body)), Encoding.ASCII.GetBytes(mac));
    }

    private static string Mac(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}

using Microsoft.Extensions.Options;
using PersoActors.Grains.Hosting;

namespace PersoActors.Gateway.Security;

/// <summary>Refuses a limit that is not positive, and a limit for a role that does not exist (a mistyped role limited
/// nobody, silently).</summary>
internal sealed class KeyRateLimitOptionsValidator : IValidateOptions<KeyRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRateLimitOptions options)
    {
        var check = new SettingsCheck(KeyRateLimitOptions.Section);
        foreach (var (role, limit) in options.Roles)
        {
            var key = $"Roles:{role}";
            check.That(ApiRoles.All.Contains(role, StringComparer.OrdinalIgnoreCase), key, $"names no role: must be {ApiRoles.Listed}");
            CheckLimit(check, key, limit.PermitsPerSecond, limit.Burst);
        }

        return check.Result;
    }

    /// <summary>A token bucket's settings under <paramref name="key"/> (a role's, or a key's own): each one given must
    /// be positive.</summary>
    internal static void CheckLimit(SettingsCheck check, string key, double? permitsPerSecond, int? burst)
    {
        if (permitsPerSecond is { } permits)
        {
            check.Positive(permits, $"{key}:{nameof(RateLimit.PermitsPerSecond)}");
        }

        if (burst is { } size)
        {
            check.AtLeast(size, 1, $"{key}:{nameof(RateLimit.Burst)}");
        }
    }
}

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
            check.That(string.Equals(role, ApiRoles.Site, StringComparison.OrdinalIgnoreCase) || string.Equals(role, ApiRoles.Admin, StringComparison.OrdinalIgnoreCase), key, $"names no role: must be '{ApiRoles.Site}' or '{ApiRoles.Admin}'")
                .Positive(limit.PermitsPerSecond, $"{key}:{nameof(limit.PermitsPerSecond)}")
                .That(limit.Burst is null or > 0, $"{key}:{nameof(limit.Burst)}", $"must be at least 1 (was {limit.Burst})");
        }

        return check.Result;
    }
}

using Microsoft.Extensions.Options;
using PersoActors.Grains.Hosting;

namespace PersoActors.Gateway.Security;

/// <summary>Refuses an API key whose role is neither <c>site</c> nor <c>admin</c> (a mistyped role authenticated and
/// was then refused everything, one 403 at a time), and a key's own rate limit that is not positive.</summary>
internal sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var check = new SettingsCheck("Auth");
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            check.That(ApiRoles.All.Contains(key.Role, StringComparer.Ordinal), $"ApiKeys:{i}:Role", $"must be {ApiRoles.Listed} (was '{key.Role}')");
            KeyRateLimitOptionsValidator.CheckLimit(check, $"ApiKeys:{i}", key.PermitsPerSecond, key.Burst);
        }

        return check.Result;
    }
}

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
            check.That(key.Role is ApiRoles.Site or ApiRoles.Admin, $"ApiKeys:{i}:Role", $"must be '{ApiRoles.Site}' or '{ApiRoles.Admin}' (was '{key.Role}')")
                .That(key.PermitsPerSecond is null or (> 0 and < double.PositiveInfinity), $"ApiKeys:{i}:PermitsPerSecond", $"must be a finite number above zero (was {key.PermitsPerSecond})")
                .That(key.Burst is null or > 0, $"ApiKeys:{i}:Burst", $"must be at least 1 (was {key.Burst})");
        }

        return check.Result;
    }
}

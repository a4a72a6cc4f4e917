using Microsoft.Extensions.Options;
using PersoActors.Grains.Hosting;

namespace PersoActors.Gateway.Security;

/// <summary>Refuses an API key whose role is neither <c>site</c> nor <c>admin</c>: a mistyped role authenticated and
/// was then refused everything, one 403 at a time.</summary>
internal sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var check = new SettingsCheck("Auth");
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            check.That(options.ApiKeys[i].Role is ApiRoles.Site or ApiRoles.Admin, $"ApiKeys:{i}:Role",
                $"must be '{ApiRoles.Site}' or '{ApiRoles.Admin}' (was '{options.ApiKeys[i].Role}')");
        }

        return check.Result;
    }
}

using Microsoft.Extensions.Options;
using PersoActors.Grains.Hosting;

namespace PersoActors.Grains.Orchestration;

/// <summary>Refuses <see cref="OrchestrationOptions"/> delivery cannot run with: no attempts, non-positive waits, a
/// destination without an absolute http(s) URL or a signing secret.</summary>
internal sealed class OrchestrationOptionsValidator : IValidateOptions<OrchestrationOptions>
{
    public ValidateOptionsResult Validate(string? name, OrchestrationOptions options)
    {
        var check = new SettingsCheck("Orchestration")
            .AtLeast(options.MaxAttempts, 1, nameof(options.MaxAttempts))
            .Positive(options.InitialBackoff, nameof(options.InitialBackoff))
            .That(options.MaxBackoff >= options.InitialBackoff, nameof(options.MaxBackoff), $"must be at least InitialBackoff (was {options.MaxBackoff})")
            .Positive(options.AttemptTimeout, nameof(options.AttemptTimeout))
            .Positive(options.ReminderPeriod, nameof(options.ReminderPeriod))
            .NotNegative(options.TriggerRefreshInterval, nameof(options.TriggerRefreshInterval))
            .AtLeast(options.DeliveryLogSize, 0, nameof(options.DeliveryLogSize));
        foreach (var (destination, settings) in options.Destinations)
        {
            var isHttp = Uri.TryCreate(settings.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https";
            check.That(isHttp, $"Destinations:{destination}:Url", $"must be an absolute http(s) URL (was '{settings.Url}')")
                .That(!string.IsNullOrEmpty(settings.Secret), $"Destinations:{destination}:Secret", "must not be empty (it signs every message)")
                .AtLeast(settings.MaxConcurrency, 1, $"Destinations:{destination}:MaxConcurrency");
        }

        return check.Result;
    }
}

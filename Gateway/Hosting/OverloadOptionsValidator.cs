using Microsoft.Extensions.Options;
using PersoActors.Grains.Hosting;

namespace PersoActors.Gateway.Hosting;

/// <summary>Refuses shedding settings that would shed everything, nothing, or answer <c>Retry-After: 0</c>.</summary>
internal sealed class OverloadOptionsValidator : IValidateOptions<OverloadOptions>
{
    public ValidateOptionsResult Validate(string? name, OverloadOptions options) =>
        new SettingsCheck(OverloadOptions.Section)
            .AtLeast(options.MaxConcurrentRequests, 1, nameof(options.MaxConcurrentRequests))
            .Positive(options.RetryAfter, nameof(options.RetryAfter))
            .Positive(options.StoreRetryAfter, nameof(options.StoreRetryAfter))
            .NotNegative(options.MaxQueueWait, nameof(options.MaxQueueWait))
            .Positive(options.QueueWaitProbeInterval, nameof(options.QueueWaitProbeInterval))
            .Result;
}

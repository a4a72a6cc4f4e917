using Microsoft.Extensions.Options;

namespace PersoActors.Grains.Hosting;

/// <summary>Collects what is wrong with one configuration section, naming each setting by its full key
/// (<c>Decisions:RefreshInterval</c>), so a silo with a bad value refuses to start instead of failing on the first call
/// that reads it.</summary>
public sealed class SettingsCheck(string section)
{
    private readonly List<string> problems = [];

    /// <summary>Success, or every problem found.</summary>
    public ValidateOptionsResult Result => problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);

    /// <summary>Records "<c>Section:setting rule</c>" unless <paramref name="holds"/>.</summary>
    public SettingsCheck That(bool holds, string setting, string rule)
    {
        if (!holds)
        {
            problems.Add($"{section}:{setting} {rule}");
        }

        return this;
    }

    /// <summary>The setting must be above zero.</summary>
    public SettingsCheck Positive(TimeSpan value, string setting) => That(value > TimeSpan.Zero, setting, $"must be positive (was {value})");

    /// <summary>The setting must be zero or above.</summary>
    public SettingsCheck NotNegative(TimeSpan value, string setting) => That(value >= TimeSpan.Zero, setting, $"must be zero or positive (was {value})");

    /// <summary>The setting must be <paramref name="minimum"/> or more.</summary>
    public SettingsCheck AtLeast(int value, int minimum, string setting) => That(value >= minimum, setting, $"must be at least {minimum} (was {value})");

    /// <summary>The setting must be a finite number, zero or above.</summary>
    public SettingsCheck NotNegative(double value, string setting) =>
        That(double.IsFinite(value) && value >= 0, setting, $"must be a finite number, zero or more (was {value})");

    /// <summary>The setting must be a finite number above zero.</summary>
    public SettingsCheck Positive(double value, string setting) =>
        That(double.IsFinite(value) && value > 0, setting, $"must be a finite number above zero (was {value})");
}

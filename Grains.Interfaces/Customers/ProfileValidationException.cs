namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>A profile change was refused because it would break a rule; nothing was applied.</summary>
/// <param name="field">The offending field, as the API names it (e.g. <c>custom</c>).</param>
/// <param name="message">What is wrong.</param>
[GenerateSerializer]
public sealed class ProfileValidationException(string field, string message) : Exception(message)
{
    [Id(0)]
    public string Field { get; } = field;
}

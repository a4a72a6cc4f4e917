namespace PersoActors.Grains.Interfaces.Decisions;

/// <summary>One problem with a request or a definition.</summary>
/// <param name="Field">The offending field as a JSON path (<c>items[3].price</c>) or line reference (<c>line 17: price</c>).</param>
/// <param name="Message">What is wrong with it.</param>
[GenerateSerializer, Immutable]
public sealed record FieldError(string Field, string Message);

/// <summary>Thrown when input to a decision component is invalid; nothing was applied.
/// The HTTP layer maps it to a 400 problem+json listing <see cref="Errors"/>.</summary>
[GenerateSerializer]
public sealed class DecisionValidationException(IReadOnlyList<FieldError> errors)
    : Exception(errors.Count == 0 ? "Invalid input." : $"Invalid input: {string.Join("; ", errors.Take(5).Select(e => $"{e.Field}: {e.Message}"))}")
{
    /// <summary>Every problem found (not only the first).</summary>
    [Id(0)]
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

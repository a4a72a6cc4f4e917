namespace PersoActors.Storage.Tests.Infrastructure;

public enum Mood
{
    Calm,
    VeryHappy,
}

/// <summary>A small state: a value, and an enum to pin the JSON form (snake_case strings).</summary>
public sealed class Box
{
    public string? Value { get; set; }

    public Mood Mood { get; set; }
}

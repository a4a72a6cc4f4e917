namespace PersoActors.Runtime;

/// <summary>The identity of a grain: its type name and its key. Two equal ids always denote the
/// same virtual grain, wherever it is activated.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>Renders the id as <c>type/key</c>.</summary>
    public override string ToString() => $"{Type}/{Key}";
}

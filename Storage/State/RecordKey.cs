namespace PersoActors.Storage;

/// <summary>The primary key of a stored record: the columns (grain_type, grain_key, state_name) of every table.</summary>
internal readonly record struct RecordKey(string GrainType, string GrainKey, string StateName)
{
    public static RecordKey For(GrainId grainId, string stateName)
    {
        // Orleans' [PersistentState] bridge passes "{grainId}.{name}"; the records of the home-made runtime were keyed by
        // the bare name, so the grain id prefix is dropped to keep existing databases readable by both kinds of state.
        var prefix = grainId.ToString();
        if (stateName.Length > prefix.Length + 1 && stateName.StartsWith(prefix, StringComparison.Ordinal) && stateName[prefix.Length] == '.')
        {
            stateName = stateName[(prefix.Length + 1)..];
        }

        return new RecordKey(grainId.Type.ToString()!, grainId.Key.ToString()!, stateName);
    }

    public override string ToString() => $"{GrainType}/{GrainKey} '{StateName}'";
}

namespace PersoActors.Runtime.State;

internal static class StorageConflict
{
    public static InconsistentStateException For(GrainId grainId, string stateName, string? expectedETag) =>
        new($"State '{stateName}' of {grainId} was written by someone else: expected ETag " +
            $"'{expectedETag ?? "<none>"}' no longer matches the store.");
}

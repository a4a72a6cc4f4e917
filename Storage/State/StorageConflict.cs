using Orleans.Storage;

namespace PersoActors.Storage;

internal static class StorageConflict
{
    public static InconsistentStateException For(RecordKey key, string? expectedETag) =>
        new($"State {key} was written by someone else: the ETag '{expectedETag ?? "<none>"}' it was read with no longer matches the store.",
            storedEtag: "<unknown>", currentEtag: expectedETag ?? "<none>");
}

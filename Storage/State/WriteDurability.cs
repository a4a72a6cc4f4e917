namespace PersoActors.Storage;

/// <summary>When a journal append is acknowledged to its caller.</summary>
public enum WriteDurability
{
    /// <summary>Once the entry is in the store (committed and synced): the default.</summary>
    Durable,

    /// <summary>Once the entry is queued for the store's writer, within the bounds of <see cref="DurabilityOptions"/>;
    /// a crash may lose what was acknowledged but not yet committed. Only group-committing SQLite storage acknowledges
    /// early; other stores treat it as <see cref="Durable"/>.</summary>
    Relaxed,
}

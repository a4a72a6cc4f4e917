namespace PersoActors.Storage;

/// <summary>What a group-committing storage has done so far: <paramref name="Commits"/> transactions carrying
/// <paramref name="Operations"/> writes, appends and deletes (Operations / Commits is the mean batch size).</summary>
public readonly record struct GroupCommitStatistics(long Commits, long Operations);

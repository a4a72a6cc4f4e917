namespace PersoActors.Storage;

/// <summary>What a group-committing storage has done so far: <paramref name="Commits"/> transactions carrying
/// <paramref name="Operations"/> writes, appends and deletes (Operations / Commits is the mean batch size);
/// <paramref name="RelaxedAcknowledged"/> relaxed appends acknowledged before their commit, and
/// <paramref name="RelaxedFellBack"/> that had to wait for it because the relaxed bounds were reached.</summary>
public readonly record struct GroupCommitStatistics(long Commits, long Operations, long RelaxedAcknowledged = 0, long RelaxedFellBack = 0);

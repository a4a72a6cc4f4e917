using System.Diagnostics.Metrics;

namespace PersoActors.Storage;

/// <summary>The storage providers' instruments, on meter <c>PersoActors.Storage</c>. Tagged with the provider's type
/// name only (a handful of values), so recording allocates nothing.</summary>
public static class StorageMetrics
{
    /// <summary>The meter's name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "PersoActors.Storage";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> JournalAppends = Meter.CreateCounter<long>(
        "persoactors.storage.journal_appends", unit: "{append}",
        description: "Event batches appended to a customer's journal (acknowledged, durable)");

    private static readonly Histogram<int> GroupCommitSizes = Meter.CreateHistogram(
        "persoactors.storage.group_commit_size", unit: "{operation}",
        description: "Writes, appends and deletes committed together in one transaction by a group-committing store",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });

    internal static void JournalAppended(string storage) =>
        JournalAppends.Add(1, new KeyValuePair<string, object?>("storage", storage));

    internal static void GroupCommitted(string storage, int operations) =>
        GroupCommitSizes.Record(operations, new KeyValuePair<string, object?>("storage", storage));
}

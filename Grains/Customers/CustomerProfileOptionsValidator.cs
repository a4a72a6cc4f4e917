using Microsoft.Extensions.Options;
using PersoActors.Grains.Hosting;

namespace PersoActors.Grains.Customers;

/// <summary>Refuses <see cref="CustomerProfileOptions"/> a profile cannot be kept with (a zero half-life, a ring of no
/// events, a negative limit).</summary>
internal sealed class CustomerProfileOptionsValidator : IValidateOptions<CustomerProfileOptions>
{
    public ValidateOptionsResult Validate(string? name, CustomerProfileOptions options) => new SettingsCheck("Customers")
        .AtLeast(options.RecentEventLimit, 1, nameof(options.RecentEventLimit))
        .Positive(options.AffinityHalfLife, nameof(options.AffinityHalfLife))
        .AtLeast(options.MaxCategoryAffinities, 0, nameof(options.MaxCategoryAffinities))
        .AtLeast(options.MaxBrandAffinities, 0, nameof(options.MaxBrandAffinities))
        .Positive(options.MaxAffinityScore, nameof(options.MaxAffinityScore))
        .Positive(options.CartAbandonedAfter, nameof(options.CartAbandonedAfter))
        .AtLeast(options.MaxCartLines, 1, nameof(options.MaxCartLines))
        .AtLeast(options.PurchasedItemLimit, 0, nameof(options.PurchasedItemLimit))
        .AtLeast(options.RecentOrderIdLimit, 0, nameof(options.RecentOrderIdLimit))
        .AtLeast(options.MaxPurgeRecords, 0, nameof(options.MaxPurgeRecords))
        .AtLeast(options.JournalSnapshotEvery, 0, nameof(options.JournalSnapshotEvery))
        .AtLeast(options.JournalMaxEvents, 1, nameof(options.JournalMaxEvents))
        .AtLeast(options.MaxEventBatchReceipts, 0, nameof(options.MaxEventBatchReceipts))
        .That(options.MergedIdForwarding >= TimeSpan.Zero && options.MergedIdForwarding <= TimeSpan.FromDays(30), nameof(options.MergedIdForwarding),
            $"must be between 0 and 30.00:00:00 (was {options.MergedIdForwarding})")
        .Result;
}

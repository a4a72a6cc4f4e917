using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>The customer's consent per purpose. Unknown means not granted.</summary>
public sealed class ConsentLedger
{
    private static readonly ConsentPurpose[] Purposes = Enum.GetValues<ConsentPurpose>();
    private Entry[]? entries;

    public ConsentStatus StatusOf(ConsentPurpose purpose) => entries?[(int)purpose].Status ?? ConsentStatus.Unknown;

    public bool IsGranted(ConsentPurpose purpose) => StatusOf(purpose) == ConsentStatus.Granted;

    /// <summary>Applies a change and returns the purposes that went from granted to not granted.</summary>
    public IReadOnlyList<ConsentPurpose> Apply(ConsentChange change, long now)
    {
        var withdrawn = new List<ConsentPurpose>();
        var source = StringPool.Shared.Intern(change.Source);
        foreach (var purpose in Purposes)
        {
            var decision = change.Decisions.LastOrDefault(d => d.Purpose == purpose);
            var wasGranted = IsGranted(purpose);
            if (decision is not null)
            {
                var status = decision.Granted ? ConsentStatus.Granted : wasGranted ? ConsentStatus.Revoked : ConsentStatus.Denied;
                Set(purpose, new Entry(status, now, source));
            }
            else if (change.ReplaceAll && StatusOf(purpose) != ConsentStatus.Unknown)
            {
                Set(purpose, wasGranted ? new Entry(ConsentStatus.Revoked, now, source) : default);
            }

            if (wasGranted && !IsGranted(purpose))
            {
                withdrawn.Add(purpose);
            }
        }

        return withdrawn;
    }

    /// <summary>Sets one purpose as stored (used when loading and merging).</summary>
    public void Restore(ConsentRecord record) =>
        Set(record.Purpose, record.Status == ConsentStatus.Unknown
            ? default
            : new Entry(record.Status, record.UpdatedAt?.ToUnixTimeSeconds() ?? 0, StringPool.Shared.Intern(record.Source)));

    /// <summary>Every purpose, unknown ones included.</summary>
    public IReadOnlyList<ConsentRecord> Records() =>
        Array.ConvertAll(Purposes, purpose =>
        {
            var entry = entries?[(int)purpose] ?? default;
            return new ConsentRecord(
                purpose,
                entry.Status,
                entry.Status == ConsentStatus.Unknown ? null : DateTimeOffset.FromUnixTimeSeconds(entry.UpdatedAt),
                entry.Source);
        });

    private void Set(ConsentPurpose purpose, Entry entry)
    {
        entries ??= new Entry[Purposes.Length];
        entries[(int)purpose] = entry;
    }

    private readonly record struct Entry(ConsentStatus Status, uint Time, string? Source)
    {
        public Entry(ConsentStatus status, long updatedAt, string? source)
            : this(status, CompactTime.FromUnix(updatedAt), source)
        {
        }

        public long UpdatedAt => CompactTime.ToUnix(Time);
    }
}

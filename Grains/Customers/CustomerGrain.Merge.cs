using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>Both sides of a merge (see <see cref="ICustomerGrain.HandOverAsync"/>): the anonymous profile handed over
/// and frozen until it is erased or given back, and the known profile absorbing it.</summary>
public sealed partial class CustomerGrain
{
    /// <summary>How long a hand-over holds if its caller never completes or cancels it (the caller gave up long before:
    /// a grain call times out after <c>Silo:CallTimeout</c>, 30 s by default).</summary>
    private static readonly TimeSpan HandOverLapse = TimeSpan.FromMinutes(1);

    /// <summary>The hand-over in progress; null (one reference per customer) when there is none.</summary>
    private HandOver? handOver;

    private bool IsHandedOver
    {
        get
        {
            if (handOver is not null && handOver.Until <= Now)
            {
                handOver = null; // lapsed: whoever was merging is gone
            }

            return handOver is not null;
        }
    }

    public Task<ProfileHandOver> HandOverAsync(string intoId)
    {
        RefuseChangesDuringHandOver();
        RefuseMergeWithItself(intoId);
        handOver = new HandOver(Guid.NewGuid(), Now + HandOverLapse);
        return Task.FromResult(new ProfileHandOver(handOver.Token, Export()));
    }

    public async Task<MergeResult> AbsorbAsync(CustomerSnapshot anonymous)
    {
        RefuseChangesDuringHandOver();
        RefuseMergeWithItself(anonymous.CustomerId);

        var known = profile.ToSnapshot(Id, Now) with { Decisions = DecisionMemory() };
        var (merged, result) = ProfileMerger.Merge(known, anonymous, options.Value, Now);
        profile = CustomerProfile.FromSnapshot(merged with { Decisions = null }, options.Value);
        RestoreDecisionMemory(merged.Decisions ?? CustomerDecisionMemory.Empty);
        ProfileChanged();
        await SaveAsync(StateWriteMode.Normal);
        return result;
    }

    public Task CompleteHandOverAsync(Guid token)
    {
        if (!IsHandedOver || handOver!.Token != token)
        {
            throw new CustomerMergingException(Id);
        }

        handOver = null;
        return EraseAsync();
    }

    public Task CancelHandOverAsync(Guid token)
    {
        if (handOver?.Token == token)
        {
            handOver = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>Every call that may change the profile (decisions too: they record variants, caps and what was shown)
    /// starts here: while the profile is handed over, what it accepted would be erased with it.</summary>
    private void RefuseChangesDuringHandOver()
    {
        if (IsHandedOver)
        {
            throw new CustomerMergingException(Id);
        }
    }

    private void RefuseMergeWithItself(string otherId)
    {
        if (string.Equals(otherId, Id, StringComparison.Ordinal))
        {
            throw new ProfileValidationException("anonymousId", "A profile cannot be merged into itself.");
        }
    }

    private sealed record HandOver(Guid Token, DateTimeOffset Until);
}

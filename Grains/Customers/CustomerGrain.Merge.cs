using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>Both sides of a merge (see <see cref="ICustomerGrain.HandOverAsync"/>): the anonymous profile handed over
/// and frozen until it is erased or given back, and the known profile absorbing it. Both sides store what they did
/// (the hand-over with the anonymous profile, the absorbed token with the merged one), so a merge that failed half-way
/// — the erase failed, a silo died, the caller gave up — is finished by repeating it, or settled by the anonymous
/// profile itself once its caller is surely gone.</summary>
public sealed partial class CustomerGrain
{
    /// <summary>How long a hand-over waits for its caller before the anonymous profile settles it itself. Longer than a
    /// grain call may take (<c>Silo:CallTimeout</c>, 30 s by default, after which Orleans drops the call unanswered), so
    /// an absorb sent by the caller has run or never will when the known profile is asked.</summary>
    private static readonly TimeSpan HandOverLapse = TimeSpan.FromMinutes(1);

    /// <summary>How many absorbed hand-overs a known profile remembers (they are needed only until each anonymous
    /// profile is erased, normally the next call).</summary>
    private const int RememberedAbsorbs = 8;

    /// <summary>The hand-over in progress; null (one reference per customer) when there is none.</summary>
    private StoredHandOver? handOver;

    /// <summary>Hand-overs this profile absorbed; null until it absorbs one.</summary>
    private List<MergeReceipt>? absorbed;

    /// <summary>Where this merged anonymous id's events go, while they do (<c>Customers:MergedIdForwarding</c>); null
    /// otherwise.</summary>
    private MergeForwarding? forwarding;

    /// <summary>The absorption being stored: written with the merged data, remembered in <see cref="absorbed"/> once
    /// stored (a failed write must not leave it there, nor push out an older one that is stored).</summary>
    private MergeReceipt? storing;

    public async Task<ProfileHandOver> HandOverAsync(string intoId)
    {
        RefuseMergeWithItself(intoId);
        if (handOver is { } current && string.Equals(current.IntoId, intoId, StringComparison.Ordinal))
        {
            // A repeated merge: the same hand-over (nothing changed since it was made), waiting another full lapse.
            handOver = current with { Until = Now + HandOverLapse };
            return new ProfileHandOver(current.Token, Export());
        }

        await RefuseChangesDuringHandOverAsync();
        handOver = new StoredHandOver(Guid.NewGuid(), intoId, Now + HandOverLapse);
        await SaveAsync(StateWriteMode.Normal);
        return new ProfileHandOver(handOver.Token, Export());
    }

    public async Task<MergeResult> AbsorbAsync(ProfileHandOver anonymous)
    {
        if (absorbed?.Find(r => r.Token == anonymous.Token) is { } receipt)
        {
            return receipt.Result;
        }

        await RefuseChangesDuringHandOverAsync();
        RefuseMergeWithItself(anonymous.Profile.CustomerId);
        forwarding = null; // this id now names a known profile

        var known = profile.ToSnapshot(Id, Now) with { Decisions = DecisionMemory() };
        var (merged, result) = ProfileMerger.Merge(known, anonymous.Profile, options.Value, Now);
        profile = CustomerProfile.FromSnapshot(merged with { Decisions = null }, options.Value);
        RestoreDecisionMemory(merged.Decisions ?? CustomerDecisionMemory.Empty);
        ProfileChanged();
        storing = new MergeReceipt(anonymous.Token, result);
        try
        {
            await SaveAsync(StateWriteMode.Normal);
            Remember(absorbed ??= [], storing);
        }
        finally
        {
            storing = null;
        }

        return result;
    }

    public Task<AbsorbState> GetAbsorbStateAsync(Guid token) => Task.FromResult(
        storing?.Token == token ? AbsorbState.Absorbing
        : absorbed?.Exists(r => r.Token == token) == true ? AbsorbState.Absorbed
        : AbsorbState.NotAbsorbed);

    public Task CompleteHandOverAsync(Guid token)
    {
        if (handOver?.Token != token)
        {
            throw new CustomerMergingException(Id);
        }

        return EraseAndForwardAsync(handOver.IntoId);
    }

    public async Task CancelHandOverAsync(Guid token)
    {
        if (handOver?.Token == token)
        {
            await GiveBackAsync();
        }
    }

    /// <summary>Every call that may change the profile (decisions too: they record variants, caps and what was shown)
    /// starts here: while the profile is handed over, what it accepted would be erased with it. A hand-over whose caller
    /// is gone is settled first.</summary>
    private ValueTask RefuseChangesDuringHandOverAsync() => handOver is null ? ValueTask.CompletedTask : SettleOrRefuseAsync(handOver);

    /// <summary>After the lapse the known profile says what became of the hand-over: absorbed, so this profile is erased
    /// (as its caller would have done) and the call goes on with an empty one; not absorbed, so it is given back. While
    /// that cannot be known (the known profile is storing it, or cannot be reached), changes stay refused.</summary>
    private async ValueTask SettleOrRefuseAsync(StoredHandOver current)
    {
        if (current.Until > Now)
        {
            throw new CustomerMergingException(Id);
        }

        AbsorbState fate;
        try
        {
            fate = await GrainFactory.GetGrain<ICustomerGrain>(current.IntoId).GetAbsorbStateAsync(current.Token);
        }
        catch (Exception)
        {
            throw new CustomerMergingException(Id);
        }

        switch (fate)
        {
            case AbsorbState.Absorbed:
                await EraseAndForwardAsync(current.IntoId);
                break;
            case AbsorbState.NotAbsorbed:
                await GiveBackAsync();
                break;
            default:
                throw new CustomerMergingException(Id);
        }
    }

    /// <summary>Before a known profile is erased, the anonymous profiles it absorbed are erased too where their merge
    /// was never completed: after the erasure, an anonymous profile settling its hand-over would hear "not absorbed"
    /// and take back what the customer asked to erase. One whose hand-over ended already says so, and is left alone.
    /// Safe inside this turn: completing calls no other grain.</summary>
    private async Task CompleteAbsorbedHandOversAsync()
    {
        foreach (var receipt in absorbed ?? [])
        {
            try
            {
                await GrainFactory.GetGrain<ICustomerGrain>(receipt.Result.AnonymousId).CompleteHandOverAsync(receipt.Token);
            }
            catch (CustomerMergingException)
            {
                // Completed, cancelled or settled before: nothing of this customer is waiting there.
            }
        }
    }

    public async Task StopForwardingAsync()
    {
        if (forwarding is null)
        {
            return;
        }

        forwarding = null;
        if (profile.IsBlank && handOver is null)
        {
            await EraseProfileAsync();
        }
        else
        {
            await SaveAsync(StateWriteMode.Scrub);
        }
    }

    /// <summary>Ends an absorbed hand-over: this profile is erased and, for <c>Customers:MergedIdForwarding</c>, keeps
    /// only where its events go from now on.</summary>
    private async Task EraseAndForwardAsync(string intoId)
    {
        await EraseProfileAsync();
        if (options.Value.MergedIdForwarding <= TimeSpan.Zero)
        {
            return;
        }

        forwarding = new MergeForwarding(intoId, Now + options.Value.MergedIdForwarding);
        try
        {
            await SaveAsync(StateWriteMode.Normal);
        }
        catch (Exception)
        {
            // The merge is complete either way; without the record, events sent to this id are dropped, as they are
            // with forwarding switched off.
            forwarding = null;
        }
    }

    /// <summary>The forwarding of this id's events, unless it has run out.</summary>
    private MergeForwarding? LiveForwarding => forwarding is { } live && live.Until > Now ? live : null;

    /// <summary>The customer this id's events go to, while it forwards them.</summary>
    private string? ForwardingTarget() => LiveForwarding?.CustomerId;

    /// <summary>Before a known profile is erased, the ids merged into it stop forwarding their events to it, so the
    /// link between them is not left in the store.</summary>
    private async Task StopAliasesForwardingAsync()
    {
        foreach (var alias in profile.Aliases)
        {
            await GrainFactory.GetGrain<ICustomerGrain>(alias).StopForwardingAsync();
        }
    }

    private async Task GiveBackAsync()
    {
        handOver = null;
        await SaveAsync(StateWriteMode.Normal);
    }

    private void RestoreMerges(CustomerState stored)
    {
        handOver = stored.HandOver;
        absorbed = stored.MergeReceipts is { Count: > 0 } receipts ? [.. receipts] : null;
        forwarding = stored.Forwarding;
    }

    private void StoreMerges(CustomerState target)
    {
        target.HandOver = handOver;
        target.Forwarding = LiveForwarding;
        target.MergeReceipts = absorbed is { Count: > 0 } ? [.. absorbed] : null;
        if (storing is not null)
        {
            Remember(target.MergeReceipts ??= [], storing);
        }
    }

    /// <summary>Adds <paramref name="receipt"/>, forgetting the oldest beyond <see cref="RememberedAbsorbs"/>.</summary>
    private static void Remember(List<MergeReceipt> receipts, MergeReceipt receipt)
    {
        if (receipts.Count == RememberedAbsorbs)
        {
            receipts.RemoveAt(0);
        }

        receipts.Add(receipt);
    }

    private void RefuseMergeWithItself(string otherId)
    {
        if (string.Equals(otherId, Id, StringComparison.Ordinal))
        {
            throw new ProfileValidationException("anonymousId", "A profile cannot be merged into itself.");
        }
    }
}

/// <summary>A hand-over in progress, stored with the anonymous profile.</summary>
/// <param name="Token">Names the hand-over.</param>
/// <param name="IntoId">The known customer it is handed over to.</param>
/// <param name="Until">When the anonymous profile settles it itself if its caller has not.</param>
public sealed record StoredHandOver(Guid Token, string IntoId, DateTimeOffset Until);

/// <summary>A hand-over a known profile absorbed, with the answer it gave.</summary>
public sealed record MergeReceipt(Guid Token, MergeResult Result);

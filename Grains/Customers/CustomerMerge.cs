using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Grains.Customers;

/// <summary>Merges an anonymous profile into a known one: the anonymous grain hands its profile over (and takes no
/// changes meanwhile), the known grain absorbs it, and the hand-over completes by erasing the anonymous profile. The
/// caller makes the three calls, so no grain waits for another inside its turn (two merges the opposite way round would
/// wait for each other until the call timeout); one of two such merges fails with <see cref="CustomerMergingException"/>
/// instead, or both do.</summary>
public static class CustomerMerge
{
    /// <summary>Folds <paramref name="anonymousId"/> into <paramref name="knownId"/> and erases it. The known profile is
    /// stored before the anonymous one is erased: a failure in between leaves the data twice, never nowhere, and
    /// calling this again finishes the merge without counting the anonymous profile twice.</summary>
    public static async Task<MergeResult> MergeAsync(IGrainFactory grains, string knownId, string anonymousId)
    {
        var anonymous = grains.GetGrain<ICustomerGrain>(anonymousId);
        var handOver = await anonymous.HandOverAsync(knownId);
        MergeResult result;
        try
        {
            result = await grains.GetGrain<ICustomerGrain>(knownId).AbsorbAsync(handOver);
        }
        catch
        {
            await GiveBackAsync(anonymous, handOver.Token);
            throw;
        }

        await anonymous.CompleteHandOverAsync(handOver.Token);
        return result;
    }

    private static async Task GiveBackAsync(ICustomerGrain anonymous, Guid token)
    {
        try
        {
            await anonymous.CancelHandOverAsync(token);
        }
        catch (Exception)
        {
            // Unreachable now: the anonymous profile settles the hand-over itself after a minute.
        }
    }
}

using Orleans.Concurrency;

namespace PersoActors.Grains.Interfaces.Customers;

/// <remarks>Merging an anonymous profile into a known one takes three calls, made by whoever merges (the gateway,
/// through <c>CustomerMerge</c>), never by one grain calling the other inside a change: a grain that waited for another
/// inside its turn would deadlock with one merging the other way round. The anonymous grain hands its profile over
/// (stored with it) and refuses changes until the hand-over is completed (it is erased) or cancelled, so nothing it
/// accepts in between is erased with it; the known grain absorbs the profile in one turn and remembers the hand-over it
/// absorbed, so repeating a merge that failed half-way finishes it instead of counting the anonymous profile twice.</remarks>
public partial interface ICustomerGrain
{
    /// <summary>Hands this (anonymous) profile over to be merged into <paramref name="intoId"/>: stores the hand-over,
    /// returns every stored field and refuses changes (<see cref="CustomerMergingException"/>) until
    /// <see cref="CompleteHandOverAsync"/> or <see cref="CancelHandOverAsync"/> with the returned token. A hand-over to
    /// <paramref name="intoId"/> already in progress (a merge repeated after it failed half-way) is returned again, same
    /// token. One whose caller is gone is settled by the first change after a minute: completed if
    /// <paramref name="intoId"/> absorbed it, cancelled if not. Throws <see cref="CustomerMergingException"/> if this
    /// profile is being handed over to another.</summary>
    Task<ProfileHandOver> HandOverAsync(string intoId);

    /// <summary>Folds the anonymous profile handed over in <paramref name="handOver"/> into this (known) one and stores
    /// the result with the hand-over's token. Explicit choices of the known profile win; see README.md (API → Privacy)
    /// for the rules. A hand-over absorbed already (one of the last few) is answered as then and not merged again.
    /// Throws <see cref="CustomerMergingException"/> if this profile is being handed over itself.</summary>
    Task<MergeResult> AbsorbAsync(ProfileHandOver handOver);

    /// <summary>Whether this profile has absorbed the hand-over <paramref name="token"/> (durably), is storing it now,
    /// or has not (among the hand-overs it remembers). Asked by an anonymous profile whose merging caller is gone.
    /// Interleaves with every other call: it only reads what the grain remembers, and two profiles handed over to each
    /// other may ask each other at once.</summary>
    [AlwaysInterleave]
    Task<AbsorbState> GetAbsorbStateAsync(Guid token);

    /// <summary>Ends the hand-over <paramref name="token"/> by erasing this profile (as <c>EraseAsync</c>). Throws
    /// <see cref="CustomerMergingException"/> if that hand-over is not the one in progress (it was settled or cancelled).</summary>
    Task CompleteHandOverAsync(Guid token);

    /// <summary>Ends the forwarding of this merged anonymous id's events (<see cref="MergeForwarding"/>), erasing the
    /// record of where they went, and the profile too if it holds nothing else. Called by the known profile it was
    /// merged into when that one is erased.</summary>
    Task StopForwardingAsync();

    /// <summary>Ends the hand-over <paramref name="token"/> without erasing: the profile accepts changes again. A token that
    /// is not the one in progress is ignored.</summary>
    Task CancelHandOverAsync(Guid token);
}

/// <summary>A profile handed over for a merge.</summary>
/// <param name="Token">Names this hand-over to absorb, complete or cancel it.</param>
/// <param name="Profile">Every stored field of the profile, as exported.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record ProfileHandOver(Guid Token, CustomerSnapshot Profile);

/// <summary>What a known profile knows of a hand-over (<see cref="ICustomerGrain.GetAbsorbStateAsync"/>).</summary>
[GenerateSerializer]
public enum AbsorbState
{
    /// <summary>Not absorbed (or absorbed so long ago that it is forgotten).</summary>
    NotAbsorbed,

    /// <summary>Being stored right now.</summary>
    Absorbing,

    /// <summary>Absorbed and stored.</summary>
    Absorbed,
}

/// <summary>The customer's profile is being merged (handed over to another, or a merge into it could not start
/// because one of the two profiles is in another merge); nothing was changed. Retry in a moment.</summary>
/// <param name="customerId">The customer whose profile is in a merge.</param>
[GenerateSerializer]
public sealed class CustomerMergingException(string customerId)
    : Exception($"The profile of customer '{customerId}' is being merged; nothing was changed. Retry in a moment.")
{
    [Id(0)]
    public string CustomerId { get; } = customerId;
}

namespace PersoActors.Grains.Interfaces.Customers;

/// <remarks>Merging an anonymous profile into a known one takes three calls, made by whoever merges (the gateway,
/// through <c>CustomerMerge</c>), never by one grain calling the other: a grain that waited for another inside its turn
/// would deadlock with one merging the other way round. The anonymous grain hands its profile over and refuses changes
/// until the hand-over is completed (it is erased) or cancelled, so nothing it accepts in between is erased with it;
/// the known grain absorbs the profile in one turn.</remarks>
public partial interface ICustomerGrain
{
    /// <summary>Hands this (anonymous) profile over to be merged into <paramref name="intoId"/>: returns every stored
    /// field and refuses changes (<see cref="CustomerMergingException"/>) until <see cref="CompleteHandOverAsync"/> or
    /// <see cref="CancelHandOverAsync"/> with the returned token, or until the hand-over lapses (a minute, in case the
    /// merging caller is gone). Throws <see cref="CustomerMergingException"/> if this profile is being handed over already.</summary>
    Task<ProfileHandOver> HandOverAsync(string intoId);

    /// <summary>Folds the anonymous profile handed over as <paramref name="anonymous"/> into this (known) one and stores
    /// the result. Explicit choices of the known profile win; see README.md (API → Privacy) for the rules. Throws
    /// <see cref="CustomerMergingException"/> if this profile is being handed over itself.</summary>
    Task<MergeResult> AbsorbAsync(CustomerSnapshot anonymous);

    /// <summary>Ends the hand-over <paramref name="token"/> by erasing this profile (as <c>EraseAsync</c>). Throws
    /// <see cref="CustomerMergingException"/> if that hand-over is not the one in progress (it lapsed or was cancelled).</summary>
    Task CompleteHandOverAsync(Guid token);

    /// <summary>Ends the hand-over <paramref name="token"/> without erasing: the profile accepts changes again. A token that
    /// is not the one in progress is ignored.</summary>
    Task CancelHandOverAsync(Guid token);
}

/// <summary>A profile handed over for a merge.</summary>
/// <param name="Token">Names this hand-over to complete or cancel it.</param>
/// <param name="Profile">Every stored field of the profile, as exported.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record ProfileHandOver(Guid Token, CustomerSnapshot Profile);

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

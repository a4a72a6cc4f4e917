namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>What a consent covers. On the wire: <c>analytics</c>, <c>personalization</c>,
/// <c>marketing</c>, <c>third_party</c>.</summary>
[GenerateSerializer]
public enum ConsentPurpose : byte
{
    /// <summary>Behaviour tracking: without it, events are not stored.</summary>
    Analytics,
    /// <summary>Personalized decisions: without it, the customer gets the default experience.</summary>
    Personalization,
    /// <summary>Email/SMS/push offers.</summary>
    Marketing,
    /// <summary>Sharing with third parties.</summary>
    ThirdParty,
}

/// <summary>The state of one consent. Anything but <see cref="Granted"/> means "not granted".</summary>
[GenerateSerializer]
public enum ConsentStatus : byte
{
    /// <summary>Never asked or answered.</summary>
    Unknown,
    Granted,
    Denied,
    /// <summary>Was granted, then withdrawn.</summary>
    Revoked,
}

/// <summary>One consent as stored.</summary>
/// <param name="Purpose">What it covers.</param>
/// <param name="Status">Granted, denied, revoked or unknown.</param>
/// <param name="UpdatedAt">When the customer last decided (null when unknown).</param>
/// <param name="Source">Where the decision came from (e.g. <c>cookie_banner</c>).</param>
[GenerateSerializer, Immutable]
public sealed record ConsentRecord(ConsentPurpose Purpose, ConsentStatus Status, DateTimeOffset? UpdatedAt, string? Source);

/// <summary>A decision about one purpose.</summary>
/// <param name="Purpose">The purpose.</param>
/// <param name="Granted">True to grant, false to deny (denying a granted consent revokes it).</param>
[GenerateSerializer, Immutable]
public sealed record ConsentDecision(ConsentPurpose Purpose, bool Granted);

/// <summary>A change of consents.</summary>
/// <param name="Decisions">The decisions (at most one per purpose).</param>
/// <param name="Source">Where they came from.</param>
/// <param name="ReplaceAll">True: purposes not listed become not granted (granted ones are revoked,
/// others forgotten); false: only the listed purposes change.</param>
[GenerateSerializer, Immutable]
public sealed record ConsentChange(IReadOnlyList<ConsentDecision> Decisions, string? Source, bool ReplaceAll);

/// <summary>The consents after a change, and the purges the change caused.</summary>
[GenerateSerializer, Immutable]
public sealed record ConsentChangeResult(IReadOnlyList<ConsentRecord> Consents, IReadOnlyList<PurgeRecord> Purges);

/// <summary>A record that data derived under a consent was purged because the consent was withdrawn.</summary>
/// <param name="At">When.</param>
/// <param name="Purpose">The consent whose withdrawal caused it.</param>
/// <param name="Purged">What was purged, e.g. <c>behaviour</c> or <c>affinities</c>.</param>
/// <param name="EventsPurged">How many stored events were removed.</param>
[GenerateSerializer, Immutable]
public sealed record PurgeRecord(DateTimeOffset At, ConsentPurpose Purpose, string Purged, int EventsPurged);

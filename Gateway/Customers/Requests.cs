using System.Text.Json;
using PersoActors.Gateway.Http;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Json;

namespace PersoActors.Gateway.Customers;

/// <summary>Body of <c>POST /v1/customers/{id}/events</c> and <c>POST /v1/events</c>.</summary>
public sealed record EventBatchRequest(IReadOnlyList<EventInput>? Events);

/// <summary>One event as a site sends it. <c>customerId</c> is required in <c>POST /v1/events</c>
/// and must match the path (or be left out) in <c>POST /v1/customers/{id}/events</c>. A purchase may name the
/// <c>decisionId</c> that led to it; its conversion is attributed to that decision.</summary>
public sealed record EventInput(
    string? CustomerId,
    string? Type,
    DateTimeOffset? Timestamp,
    string? ItemId,
    IReadOnlyList<string>? Categories,
    string? Brand,
    decimal? Value,
    int? Quantity,
    string? Query,
    string? Name,
    string? OrderId,
    string? DecisionId = null);

/// <summary>Body of <c>PUT|PATCH /v1/customers/{id}/consents</c>: purpose → <c>granted</c>/<c>denied</c>/<c>revoked</c>.</summary>
public sealed record ConsentsRequest(IReadOnlyDictionary<string, string>? Consents, string? Source);

/// <summary>Answer of the consent endpoints: purpose → state, plus the purges a change caused.</summary>
public sealed record ConsentsResponse(IReadOnlyDictionary<string, ConsentState> Consents, IReadOnlyList<PurgeRecord>? Purges = null);

/// <summary>The state of one consent.</summary>
public sealed record ConsentState(ConsentStatus Status, DateTimeOffset? UpdatedAt, string? Source);

/// <summary>Body of <c>PUT /v1/customers/{id}/preferences</c>; a missing field is cleared.</summary>
public sealed record PreferencesInput(
    IReadOnlyList<string>? FavouriteCategories,
    IReadOnlyList<string>? ExcludedCategories,
    IReadOnlyList<string>? FavouriteBrands,
    IReadOnlyList<string>? ExcludedBrands,
    string? Language,
    string? Currency,
    IReadOnlyList<string>? AcceptedChannels,
    IReadOnlyList<string>? ContentFilters,
    string? Layout,
    IReadOnlyDictionary<string, string>? Custom);

/// <summary>Body of <c>PUT /v1/customers/{id}/context</c>.</summary>
public sealed record ContextInput(
    string? Device,
    string? Channel,
    string? Language,
    string? Country,
    string? Region,
    string? JourneyStage,
    string? Campaign,
    string? Referrer,
    string? SessionId,
    string? TimeZone = null);

/// <summary>Body of <c>POST /v1/customers/{id}/merge</c>: the anonymous profile to fold into this one.</summary>
public sealed record MergeRequest(string? AnonymousId);

/// <summary>Answer of <c>POST /v1/events</c>.</summary>
public sealed record BatchTrackResult(int Accepted, int Dropped, IReadOnlyList<CustomerTrackResult> Customers);

/// <summary>The outcome for one customer of a cross-customer batch (<see cref="Duplicate"/>: stored before, under the
/// request's <c>Idempotency-Key</c>).</summary>
public sealed record CustomerTrackResult(string CustomerId, int Accepted, int Dropped, string? DropReason, bool Duplicate = false);

/// <summary>The fields <c>PATCH /v1/customers/{id}/preferences</c> accepts (JSON merge patch: null clears).</summary>
internal static class PreferencesPatchReader
{
    public static (PreferencesPatch? Patch, string? Field, string? Error) Read(Dictionary<string, JsonElement> body)
    {
        var patch = new PreferencesPatch();
        foreach (var (name, value) in body)
        {
            var isNull = value.ValueKind == JsonValueKind.Null;
            try
            {
                patch = name switch
                {
                    "favouriteCategories" => patch with { FavouriteCategories = isNull ? [] : List(value) },
                    "excludedCategories" => patch with { ExcludedCategories = isNull ? [] : List(value) },
                    "favouriteBrands" => patch with { FavouriteBrands = isNull ? [] : List(value) },
                    "excludedBrands" => patch with { ExcludedBrands = isNull ? [] : List(value) },
                    "acceptedChannels" => patch with { AcceptedChannels = isNull ? [] : List(value) },
                    "contentFilters" => patch with { ContentFilters = isNull ? [] : List(value) },
                    "language" => patch with { Language = isNull ? "" : Read<string>(value) },
                    "currency" => patch with { Currency = isNull ? "" : Read<string>(value) },
                    "layout" => patch with { Layout = isNull ? "" : Read<string>(value) },
                    "custom" => patch with { Custom = isNull ? null : Read<Dictionary<string, string?>>(value) },
                    _ => throw new KeyNotFoundException(),
                };
                if (name == "custom" && isNull)
                {
                    return (null, name, "Send an object; to remove a key, set it to null.");
                }
            }
            catch (KeyNotFoundException)
            {
                return (null, name, "Unknown property.");
            }
            catch (InvalidPatchValue error)
            {
                // The value's own path ("$.size", "$[2]") continues the property's name, as in a PUT's errors.
                return (null, name + error.Path?.TrimStart('$'), error.Message);
            }
        }

        return (patch, null, null);
    }

    // A null element is left to the grain's checks, which answer it as they do for a PUT.
    private static string[] List(JsonElement value) => Read<string[]>(value);

    private static T Read<T>(JsonElement value) where T : class
    {
        try
        {
            return value.Deserialize<T>(JsonBody.Options) ?? throw new InvalidPatchValue(null, "Must not be null.");
        }
        catch (JsonException error)
        {
            throw new InvalidPatchValue(error.Path, JsonErrors.Describe(error, JsonBody.Options, typeof(T)));
        }
    }

    /// <summary>A value of the patch that cannot be read: where inside the value (a JSON path) and why, in the API's words.</summary>
    private sealed class InvalidPatchValue(string? path, string message) : Exception(message)
    {
        public string? Path { get; } = path;
    }
}

using PersoActors.Gateway.Http;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Gateway.Customers;

/// <summary>Turns request bodies into grain messages, or into the first problem found. A whole
/// batch is checked before any grain is called, so a rejected batch changes nothing.</summary>
internal static class RequestValidation
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(400);
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private static readonly Dictionary<string, EventType> EventTypes = Enum.GetValues<EventType>()
        .ToDictionary(t => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(t.ToString()), StringComparer.Ordinal);

    public static IResult? CheckCustomerId(string? id, string field = "id") =>
        ProfileLimits.IsValidCustomerId(id)
            ? null
            : ApiProblems.Invalid(field, $"A customer id is 1-{ProfileLimits.MaxCustomerIdLength} characters of A-Z a-z 0-9 . _ : @ -.");

    /// <summary>Validates a batch; <paramref name="pathCustomerId"/> is null for the cross-customer endpoint.</summary>
    public static (List<(string CustomerId, BehaviourEvent Event)>? Events, IResult? Problem) Events(
        EventBatchRequest body, string? pathCustomerId, DateTimeOffset now)
    {
        if (body.Events is null)
        {
            return (null, ApiProblems.Invalid("events", "Required: an array of events."));
        }

        if (body.Events.Count == 0 || body.Events.Count > ProfileLimits.MaxEventsPerBatch)
        {
            return (null, ApiProblems.Invalid("events", $"A batch holds 1-{ProfileLimits.MaxEventsPerBatch} events (got {body.Events.Count})."));
        }

        var result = new List<(string, BehaviourEvent)>(body.Events.Count);
        for (var i = 0; i < body.Events.Count; i++)
        {
            var prefix = $"events[{i}]";
            if (body.Events[i] is not { } input)
            {
                return (null, ApiProblems.Invalid(prefix, "An event must be an object."));
            }

            string customerId;
            if (pathCustomerId is null)
            {
                if (CheckCustomerId(input.CustomerId, $"{prefix}.customerId") is { } badId)
                {
                    return (null, badId);
                }

                customerId = input.CustomerId!;
            }
            else
            {
                if (input.CustomerId is not null && input.CustomerId != pathCustomerId)
                {
                    return (null, ApiProblems.Invalid($"{prefix}.customerId", "Must match the customer id in the path, or be left out."));
                }

                customerId = pathCustomerId;
            }

            var (e, problem) = Event(input, prefix, now);
            if (problem is not null)
            {
                return (null, problem);
            }

            result.Add((customerId, e!));
        }

        return (result, null);
    }

    private static (BehaviourEvent?, IResult?) Event(EventInput input, string prefix, DateTimeOffset now)
    {
        IResult Bad(string field, string message) => ApiProblems.Invalid($"{prefix}.{field}", message);

        if (input.Type is null)
        {
            return (null, Bad("type", $"Required: one of {string.Join(", ", EventTypes.Keys)}."));
        }

        if (!EventTypes.TryGetValue(input.Type, out var type))
        {
            return (null, Bad("type", $"Unknown event type '{input.Type}'; expected one of {string.Join(", ", EventTypes.Keys)}."));
        }

        var timestamp = input.Timestamp ?? now;
        if (timestamp > now + MaxClockSkew)
        {
            return (null, Bad("timestamp", $"Is in the future (more than {MaxClockSkew.TotalMinutes:0} minutes ahead of the server clock)."));
        }

        if (timestamp < now - MaxAge)
        {
            return (null, Bad("timestamp", $"Is more than {MaxAge.TotalDays:0} days old."));
        }

        if (CheckText(input.ItemId, ProfileLimits.MaxItemIdLength) is { } itemError)
        {
            return (null, Bad("itemId", itemError));
        }

        if (input.ItemId is null && type is EventType.AddToCart or EventType.RemoveFromCart)
        {
            return (null, Bad("itemId", $"Required for {input.Type} events."));
        }

        if (input.Categories is { } categories)
        {
            if (categories.Count > ProfileLimits.MaxCategoriesPerEvent)
            {
                return (null, Bad("categories", $"At most {ProfileLimits.MaxCategoriesPerEvent} categories."));
            }

            for (var c = 0; c < categories.Count; c++)
            {
                if (categories[c] is null || CheckText(categories[c], ProfileLimits.MaxNameLength) is not null)
                {
                    return (null, Bad($"categories[{c}]", $"Must be a non-empty string of at most {ProfileLimits.MaxNameLength} characters."));
                }
            }
        }

        if (CheckText(input.Brand, ProfileLimits.MaxNameLength) is { } brandError)
        {
            return (null, Bad("brand", brandError));
        }

        if (input.Value is { } value && (value < 0 || value > ProfileLimits.MaxValue))
        {
            return (null, Bad("value", $"Must be between 0 and {ProfileLimits.MaxValue}."));
        }

        if (input.Quantity is { } quantity && (quantity < 1 || quantity > ProfileLimits.MaxQuantity))
        {
            return (null, Bad("quantity", $"Must be between 1 and {ProfileLimits.MaxQuantity}."));
        }

        if (OnlyFor(input.Query, type, EventType.Search, ProfileLimits.MaxQueryLength) is { } queryError)
        {
            return (null, Bad("query", queryError));
        }

        if (OnlyFor(input.Name, type, EventType.Custom, ProfileLimits.MaxNameLength) is { } nameError)
        {
            return (null, Bad("name", nameError));
        }

        if (input.OrderId is not null && type != EventType.Purchase)
        {
            return (null, Bad("orderId", "Only purchase events have an order id."));
        }

        if (CheckText(input.OrderId, ProfileLimits.MaxItemIdLength) is { } orderError)
        {
            return (null, Bad("orderId", orderError));
        }

        if (input.DecisionId is not null && type != EventType.Purchase)
        {
            return (null, Bad("decisionId", "Only purchase events carry a decision id."));
        }

        if (CheckText(input.DecisionId, 2048) is { } decisionError)
        {
            return (null, Bad("decisionId", decisionError));
        }

        return (new BehaviourEvent(
            type,
            DateTimeOffset.FromUnixTimeSeconds(timestamp.ToUnixTimeSeconds()),
            input.ItemId,
            input.Categories is { Count: > 0 } ? input.Categories : null,
            input.Brand,
            input.Value,
            input.Quantity,
            input.Query,
            input.Name,
            input.OrderId,
            input.DecisionId), null);
    }

    private static string? OnlyFor(string? text, EventType type, EventType owner, int maxLength)
    {
        var name = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(owner.ToString());
        if (type == owner && text is null)
        {
            return $"Required for {name} events.";
        }

        if (type != owner && text is not null)
        {
            return $"Only {name} events have this field.";
        }

        return CheckText(text, maxLength);
    }

    /// <summary>Null is fine; otherwise non-blank, no control characters, at most maxLength.</summary>
    public static string? CheckText(string? text, int maxLength) =>
        text is null ? null
        : text.Length == 0 || string.IsNullOrWhiteSpace(text) ? "Must not be empty."
        : text.Length > maxLength ? $"Must be at most {maxLength} characters."
        : text.Any(char.IsControl) ? "Must not contain control characters."
        : null;

    public static (ConsentChange?, IResult?) Consents(ConsentsRequest body, bool replaceAll)
    {
        if (body.Consents is null)
        {
            return (null, ApiProblems.Invalid("consents", "Required: an object of purpose → granted|denied|revoked."));
        }

        if (CheckText(body.Source, ProfileLimits.MaxNameLength) is { } sourceError)
        {
            return (null, ApiProblems.Invalid("source", sourceError));
        }

        var purposes = Enum.GetValues<ConsentPurpose>()
            .ToDictionary(p => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.ToString()), StringComparer.Ordinal);
        var decisions = new List<ConsentDecision>();
        foreach (var (name, status) in body.Consents)
        {
            if (!purposes.TryGetValue(name, out var purpose))
            {
                return (null, ApiProblems.Invalid($"consents.{name}", $"Unknown purpose; expected one of {string.Join(", ", purposes.Keys)}."));
            }

            bool? granted = status switch { "granted" => true, "denied" or "revoked" => false, _ => null };
            if (granted is null)
            {
                return (null, ApiProblems.Invalid($"consents.{name}", $"'{status}' is not a consent status; expected granted, denied or revoked."));
            }

            decisions.Add(new ConsentDecision(purpose, granted.Value));
        }

        return (new ConsentChange(decisions, body.Source, replaceAll), null);
    }

    public static (CustomerContext?, IResult?) Context(ContextInput input)
    {
        (string, string?)[] texts =
        [
            ("device", CheckText(input.Device, ProfileLimits.MaxNameLength)),
            ("channel", CheckText(input.Channel, ProfileLimits.MaxNameLength)),
            ("region", CheckText(input.Region, ProfileLimits.MaxNameLength)),
            ("journeyStage", CheckText(input.JourneyStage, ProfileLimits.MaxNameLength)),
            ("campaign", CheckText(input.Campaign, ProfileLimits.MaxNameLength * 2)),
            ("referrer", CheckText(input.Referrer, ProfileLimits.MaxReferrerLength)),
            ("sessionId", CheckText(input.SessionId, ProfileLimits.MaxItemIdLength)),
            ("language", input.Language is { } l && !Grains.Customers.PreferenceRules.IsLanguageTag(l) ? $"'{l}' is not a BCP 47 language tag such as 'pl-PL'." : null),
            ("country", input.Country is { } c && !(c.Length == 2 && c.All(char.IsAsciiLetterUpper)) ? $"'{c}' is not an ISO 3166-1 alpha-2 code such as 'PL'." : null),
            ("timeZone", input.TimeZone is { } z && (z.Length > ProfileLimits.MaxNameLength || !TimeZoneInfo.TryFindSystemTimeZoneById(z, out _))
                ? $"'{z}' is not a known IANA time zone such as 'Europe/Warsaw'." : null),
        ];
        foreach (var (field, error) in texts)
        {
            if (error is not null)
            {
                return (null, ApiProblems.Invalid(field, error));
            }
        }

        return (new CustomerContext(input.Device, input.Channel, input.Language, input.Country, input.Region,
            input.JourneyStage, input.Campaign, input.Referrer, input.SessionId, TimeZone: input.TimeZone), null);
    }

    public static Preferences Preferences(PreferencesInput input) => new()
    {
        FavouriteCategories = input.FavouriteCategories ?? [],
        ExcludedCategories = input.ExcludedCategories ?? [],
        FavouriteBrands = input.FavouriteBrands ?? [],
        ExcludedBrands = input.ExcludedBrands ?? [],
        Language = input.Language,
        Currency = input.Currency,
        AcceptedChannels = input.AcceptedChannels ?? [],
        ContentFilters = input.ContentFilters ?? [],
        Layout = input.Layout,
        Custom = input.Custom ?? new Dictionary<string, string>(),
    };
}

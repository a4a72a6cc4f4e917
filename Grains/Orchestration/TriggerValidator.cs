using System.Text.RegularExpressions;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;
using PersoActors.Grains.Interfaces.Orchestration;

namespace PersoActors.Grains.Orchestration;

/// <summary>Checks a whole trigger and reports every problem with the JSON name of its field.</summary>
public static partial class TriggerValidator
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(400);

    /// <summary>Throws <see cref="DecisionValidationException"/> listing every problem of <paramref name="trigger"/>.</summary>
    public static void ThrowIfInvalid(TriggerDefinition trigger, IReadOnlyCollection<string> destinations, IReadOnlyCollection<string>? segments = null)
    {
        var errors = Validate(trigger, destinations, segments);
        if (errors.Count > 0)
        {
            throw new DecisionValidationException(errors);
        }
    }

    /// <summary>Every problem of <paramref name="trigger"/>; empty when valid. <paramref name="segments"/>: the known
    /// segment ids (not checked when null; automatic <c>fan:</c> segments always exist).</summary>
    public static List<FieldError> Validate(TriggerDefinition trigger, IReadOnlyCollection<string> destinations, IReadOnlyCollection<string>? segments = null)
    {
        var errors = new List<FieldError>();
        if (trigger.Id is null || !IdPattern().IsMatch(trigger.Id))
        {
            errors.Add(new("id", "Required: 1-64 letters, digits, '-' or '_'."));
        }

        CheckKind(trigger, segments, errors);

        CheckEvents(trigger.StartOn, "startOn", errors);
        CheckEvents(trigger.ExitOn, "exitOn", errors);
        if (trigger.Delay < TimeSpan.Zero || trigger.Delay > MaxDelay)
        {
            errors.Add(new("delay", "Must be between 00:00:00 and 400.00:00:00."));
        }

        if (trigger.Channel is null || !ProfileLimits.Channels.Contains(trigger.Channel))
        {
            errors.Add(new("channel", $"Must be one of {string.Join(", ", ProfileLimits.Channels)}."));
        }

        if (string.IsNullOrEmpty(trigger.Destination) || !destinations.Contains(trigger.Destination))
        {
            errors.Add(new("destination", destinations.Count == 0
                ? "No webhook destination is configured (Orchestration:Destinations:NAME:Url and :Secret)."
                : $"Must be a configured destination: {string.Join(", ", destinations.Order(StringComparer.Ordinal))}."));
        }

        if (trigger.Cap is { OncePerDays: < 1 or > 3650 })
        {
            errors.Add(new("cap.oncePerDays", "Must be between 1 and 3650."));
        }

        if (trigger.Payload is { } payload)
        {
            if (payload.Recommendations is < 0 or > 50)
            {
                errors.Add(new("payload.recommendations", "Must be between 0 and 50."));
            }

            if (payload.OfferCode is { Length: 0 or > 64 })
            {
                errors.Add(new("payload.offerCode", "Must be 1-64 characters."));
            }

            if (payload.Data is { } data && (data.Count > 20 || data.Any(kv => kv.Key.Length is 0 or > 64 || kv.Value is null || kv.Value.Length > 1000)))
            {
                errors.Add(new("payload.data", "At most 20 fields, names of 1-64 characters, values of at most 1000."));
            }
        }

        if (trigger.QuietHours is { } quiet)
        {
            var start = QuietHoursWindow.TryParse(quiet.Start, out var from);
            var end = QuietHoursWindow.TryParse(quiet.End, out var to);
            if (!start)
            {
                errors.Add(new("quietHours.start", "Required: a local time HH:mm (24 h), e.g. \"21:00\"."));
            }

            if (!end)
            {
                errors.Add(new("quietHours.end", "Required: a local time HH:mm (24 h), e.g. \"08:00\"."));
            }
            else if (start && from == to)
            {
                errors.Add(new("quietHours.end", "Must differ from quietHours.start."));
            }
        }

        if (trigger.HoldoutPercent is < 0 or > 99)
        {
            errors.Add(new("holdoutPercent", "Must be between 0 and 99."));
        }

        return errors;
    }

    /// <summary>Exactly one kind: start events, a lapse, a segment entry or the first visit.</summary>
    private static void CheckKind(TriggerDefinition trigger, IReadOnlyCollection<string>? segments, List<FieldError> errors)
    {
        var hasEvents = trigger.StartOn is { Count: > 0 };
        if (!hasEvents && trigger.LapsedDays is null && trigger.SegmentEntered is null && !trigger.FirstSeen)
        {
            errors.Add(new("startOn", "Required: at least one event, e.g. [{\"type\":\"add_to_cart\"}], or lapsedDays, or segmentEntered, or firstSeen."));
        }

        if (trigger.FirstSeen && (hasEvents || trigger.LapsedDays is not null || trigger.SegmentEntered is not null))
        {
            errors.Add(new("firstSeen", "Only one of startOn, lapsedDays, segmentEntered and firstSeen."));
        }

        if (trigger.LapsedDays is { } days)
        {
            if (hasEvents)
            {
                errors.Add(new("lapsedDays", "Not with startOn: every event is activity for a lapse trigger."));
            }

            if (days is < 1 or > 400)
            {
                errors.Add(new("lapsedDays", "Must be between 1 and 400."));
            }
        }

        if (trigger.SegmentEntered is { } segment)
        {
            if (hasEvents || trigger.LapsedDays is not null)
            {
                errors.Add(new("segmentEntered", "Only one of startOn, lapsedDays and segmentEntered."));
            }
            else if (!SegmentIdPattern().IsMatch(segment))
            {
                errors.Add(new("segmentEntered", "Required: a segment id (1-64 letters, digits, '_', '-', '.', ':')."));
            }
            else if (segments is not null && !segment.StartsWith(FanPrefix, StringComparison.Ordinal) && !segments.Contains(segment))
            {
                errors.Add(new("segmentEntered", $"Unknown segment '{segment}'; define it first (PUT /v1/segments/{segment})."));
            }
        }
    }

    private static void CheckEvents(IReadOnlyList<TriggerEvent>? events, string field, List<FieldError> errors)
    {
        if (events is null)
        {
            return;
        }

        if (events.Count > 10)
        {
            errors.Add(new(field, "At most 10 events."));
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is null || !Enum.IsDefined(events[i].Type))
            {
                errors.Add(new($"{field}[{i}].type", "Required: an event type (view, click, search, add_to_cart, remove_from_cart, purchase, email_open, custom)."));
            }
            else if (events[i].Name is { } name && (events[i].Type != EventType.Custom || name.Length is 0 or > 64))
            {
                errors.Add(new($"{field}[{i}].name", "Only for custom events, 1-64 characters."));
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")]
    private static partial Regex SegmentIdPattern();

    private const string FanPrefix = Decisions.SegmentEngine.FanPrefix;
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;
using PersoActors.Grains.Interfaces.Orchestration;
using PersoActors.Grains.Orchestration;

namespace PersoActors.Grains.Customers;

/// <summary>Triggered messages. Stored events are matched against the triggers; a decision to send (or to move or
/// cancel a pending message) is written in the same store write as the events that caused it, as part of this grain's
/// state (the outbox), so a silo lost right after the answer loses nothing. Delivery runs inside this grain's turn when
/// a message is due: consent is checked then, so an erasure or a withdrawal can never interleave with a send. A grain
/// timer on the orchestration clock wakes the grain at the due time; an Orleans reminder brings it back after
/// deactivation or the loss of its silo.</summary>
public sealed partial class CustomerGrain : IRemindable
{
    internal const string DeliveryReminder = "orchestration";
    private const string Holdout = "holdout";
    private const string Treatment = "message";

    private List<OutboxMessage> outbox = [];
    // Null until a trigger with a cap fires: most customers never have one, and an empty dictionary costs 80 bytes each.
    private Dictionary<string, TriggerCapState>? triggerCaps;
    private ITimer? deliveryTimer;
    private bool reminderRegistered;

    public Task<IReadOnlyList<OutboxMessage>> GetMessagesAsync() =>
        Task.FromResult<IReadOnlyList<OutboxMessage>>([.. Enumerable.Reverse(outbox)]);

    /// <summary>The triggers, read before a batch touches the profile (a failed read then changes nothing).</summary>
    private ValueTask<TriggerConfig> TriggersAsync() => orchestration?.Triggers.GetAsync() ?? ValueTask.FromResult(TriggerConfig.Empty);

    /// <summary>Matches a batch (already applied to the profile, not yet stored) against the triggers; true when the
    /// outbox changed, so the batch must be stored with it in one write.</summary>
    private bool DecideTriggers(TriggerConfig config, IReadOnlyList<BehaviourEvent> events, bool firstSeen, List<OutboxMessage> decided)
    {
        if (orchestration is null || config.Triggers.Count == 0)
        {
            return false;
        }

        var now = orchestration.Clock.Now;
        var changed = false;
        if (profile.Cart(Now).Lines.Count == 0)
        {
            foreach (var cap in triggerCaps?.Values.Where(c => c.SentForCurrentCart).ToList() ?? [])
            {
                triggerCaps![cap.TriggerId] = cap with { SentForCurrentCart = false };
                changed = true;
            }
        }

        HashSet<string>? segments = null;
        foreach (var trigger in config.Triggers)
        {
            var pending = outbox.FindIndex(m => m.TriggerId == trigger.Id && m is { Status: MessageStatus.Scheduled, Attempts: 0 });
            if (trigger.FirstSeen)
            {
                if (firstSeen && pending < 0)
                {
                    var welcome = NewMessage(trigger, now);
                    outbox.Add(welcome);
                    decided.Add(welcome);
                    changed = true;
                }

                continue;
            }

            if (trigger.SegmentEntered is { } segment)
            {
                segments ??= CurrentSegments();
                changed |= DecideSegmentEntry(trigger, segments.Contains(segment), pending, now, decided);
                continue;
            }

            foreach (var e in events)
            {
                if (pending >= 0 && Matches(trigger.ExitOn, e))
                {
                    outbox[pending] = Finished(outbox[pending], MessageStatus.Cancelled, $"exit_on_{JsonNamingPolicy.SnakeCaseLower.ConvertName(e.Type.ToString())}", now);
                    pending = -1;
                    changed = true;
                }
                else if (trigger.LapsedDays is not null || Matches(trigger.StartOn, e))
                {
                    if (pending >= 0)
                    {
                        outbox[pending] = outbox[pending] with { DueAt = now + Wait(trigger) };
                        changed = true;
                    }
                    else if (!Capped(trigger, now))
                    {
                        var message = NewMessage(trigger, now);
                        outbox.Add(message);
                        decided.Add(message);
                        pending = outbox.Count - 1;
                        changed = true;
                    }
                }
            }
        }

        return changed;
    }

    /// <summary>A segment-entered trigger after a batch: a message when the customer has just entered the segment (once
    /// per entry: the membership is remembered with the trigger's cap state, in the same write), a pending one cancelled
    /// when they have left it.</summary>
    private bool DecideSegmentEntry(TriggerDefinition trigger, bool inside, int pending, DateTimeOffset now, List<OutboxMessage> decided)
    {
        var known = triggerCaps?.GetValueOrDefault(trigger.Id);
        if (inside == (known?.InSegment ?? false))
        {
            return false;
        }

        (triggerCaps ??= new(StringComparer.Ordinal))[trigger.Id] = (known ?? new TriggerCapState(trigger.Id, default, false)) with { InSegment = inside };
        if (!inside)
        {
            if (pending >= 0)
            {
                outbox[pending] = Finished(outbox[pending], MessageStatus.Cancelled, "segment_left", now);
            }
        }
        else if (pending < 0 && !Capped(trigger, now))
        {
            var message = NewMessage(trigger, now);
            outbox.Add(message);
            decided.Add(message);
        }

        return true;
    }

    /// <summary>The segments the customer is in now (the decision engine's, same facts as decisions); none without it.</summary>
    private HashSet<string> CurrentSegments() =>
        decisions is null ? [] : decisions.Segments(DecisionProfileNow(), MergeContext(null)).ToHashSet(StringComparer.Ordinal);

    /// <summary>From the latest start (or, for a lapse, the latest activity) to the due time.</summary>
    private static TimeSpan Wait(TriggerDefinition trigger) => trigger.Delay + TimeSpan.FromDays(trigger.LapsedDays ?? 0);

    /// <summary>After the decisions are stored: exposures for the triggers' experiments, and the wake-ups.</summary>
    private async Task AfterTriggersStoredAsync(List<OutboxMessage> decided)
    {
        foreach (var message in decided)
        {
            // Counters only, as for decision experiments: the experiment grain is not told who. Not awaited: one
            // experiment grain per trigger counts every decision, so waiting for it would serialize the events of
            // all customers behind its writes (an exposure lost with a failed call is an undercount, nothing worse).
            GrainFactory.GetGrain<IExperimentGrain>(ExperimentId(message.TriggerId))
                .RecordExposureAsync(new ExperimentExposure(message.Variant, "", "", message.DecidedAt)).Ignore();
        }

        await ScheduleWakeUpAsync(reRegister: false);
    }

    private OutboxMessage NewMessage(TriggerDefinition trigger, DateTimeOffset now)
    {
        var variant = InHoldout(trigger) ? Holdout : Treatment;
        var decisionId = decisions?.DecisionIds.Create(Id, now, [new ExperimentAssignment(ExperimentId(trigger.Id), variant)])
            ?? $"msg_{Guid.NewGuid():N}";
        return new OutboxMessage(Guid.NewGuid().ToString("N"), trigger.Id, decisionId, variant, trigger.Channel, trigger.Destination,
            MessageStatus.Scheduled, now, now + Wait(trigger));
    }

    /// <summary>After a consent change: without marketing consent, pending messages are dropped and no body is kept;
    /// after a purge, the whole delivery log goes too. True when the outbox changed (the write must scrub).</summary>
    private bool ForgetMessagesAfterConsentChange(bool purged)
    {
        if (outbox.Count == 0)
        {
            return false;
        }

        if (purged)
        {
            outbox = [];
            return true;
        }

        if (profile.HasConsent(ConsentPurpose.Marketing))
        {
            return false;
        }

        var now = orchestration?.Clock.Now ?? Now;
        outbox = [.. outbox.Select(m => m.Status is MessageStatus.Scheduled or MessageStatus.DeadLettered
            ? Finished(m, MessageStatus.Cancelled, "consent_withdrawn", now)
            : m with { Body = null })];
        return true;
    }

    /// <summary>Erasure: the outbox, the reminder row (it names this customer) and the dead-letter entries go.</summary>
    private async Task ForgetMessagesOnErasureAsync()
    {
        deliveryTimer?.Dispose();
        deliveryTimer = null;
        var hadMessages = outbox.Count > 0;
        outbox = [];
        triggerCaps = null;
        if (orchestration is not null && (hadMessages || reminderRegistered))
        {
            await UnregisterDeliveryReminderAsync();
            await DeadLetters().RemoveCustomerAsync(Id);
        }
    }

    private bool HasPendingMessages => outbox.Any(m => m.Status == MessageStatus.Scheduled);

    private void RestoreOrchestration(CustomerState stored)
    {
        outbox = stored.Outbox is { } messages ? [.. messages] : [];
        triggerCaps = stored.TriggerCaps is { Count: > 0 } caps ? caps.ToDictionary(c => c.TriggerId, StringComparer.Ordinal) : null;
        // Registered again on activation when messages are pending: heals a reminder lost between the write of a
        // decision and its registration (a crash in between), at the cost of one reminder write per such activation.
        reminderRegistered = false;
    }

    private void StoreOrchestration(CustomerState target)
    {
        target.Outbox = outbox.Count == 0 ? null : [.. outbox];
        target.TriggerCaps = triggerCaps is not { Count: > 0 } ? null : [.. triggerCaps.Values];
    }

    private bool Capped(TriggerDefinition trigger, DateTimeOffset now) =>
        trigger.Cap is { } cap && triggerCaps?.TryGetValue(trigger.Id, out var sent) == true
        && ((cap.OncePerCart && sent.SentForCurrentCart) || (cap.OncePerDays is { } days && now - sent.LastSentAt < TimeSpan.FromDays(days)));

    private bool InHoldout(TriggerDefinition trigger)
    {
        if (trigger.HoldoutPercent <= 0)
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{trigger.Id}\n{Id}"));
        return BitConverter.ToUInt32(hash, 0) % 100 < (uint)trigger.HoldoutPercent;
    }

    private static string ExperimentId(string triggerId) => $"trigger:{triggerId}";

    private static bool Matches(IReadOnlyList<TriggerEvent>? events, BehaviourEvent e) =>
        events is not null && events.Any(t => t.Type == e.Type && (t.Name is null || string.Equals(t.Name, e.Name, StringComparison.Ordinal)));

    private static OutboxMessage Finished(OutboxMessage message, MessageStatus status, string reason, DateTimeOffset now) =>
        message with { Status = status, Reason = reason, CompletedAt = now, Body = null };
}

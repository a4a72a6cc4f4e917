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

    /// <summary>The longest wake-up armed at once: timers and Orleans reminders take at most 2^32-2 ms (about 49.7
    /// days), and a trigger may wait 400 days; a wake-up before the due time finds nothing due and arms the next.</summary>
    private static readonly TimeSpan MaxWakeUp = TimeSpan.FromDays(30);

    private List<OutboxMessage> outbox = [];
    // Null until a trigger with a cap fires: most customers never have one, and an empty dictionary costs 80 bytes each.
    private Dictionary<string, TriggerCapState>? triggerCaps;
    private ITimer? deliveryTimer;
    private bool reminderRegistered;

    public Task<IReadOnlyList<OutboxMessage>> GetMessagesAsync() =>
        Task.FromResult<IReadOnlyList<OutboxMessage>>([.. Enumerable.Reverse(outbox)]);

    public Task DeliverDueMessagesAsync() => DeliverDueAsync(fromReminder: false);

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == DeliveryReminder ? DeliverDueAsync(fromReminder: true) : Task.CompletedTask;

    /// <summary>Sends what is due. The timer path leaves the reminder as it is (it is a safety net: moving or removing
    /// it on every delivery would put reminder-table writes on the hot path); a reminder tick reconciles it: moved to
    /// the next due time, or removed when nothing is pending.</summary>
    private async Task DeliverDueAsync(bool fromReminder)
    {
        if (orchestration is null)
        {
            return;
        }

        var now = orchestration.Clock.Now;
        var changed = false;
        TriggerConfig? config = null;
        for (var i = 0; i < outbox.Count; i++)
        {
            if (outbox[i] is not { Status: MessageStatus.Scheduled } due || due.DueAt > now)
            {
                continue;
            }

            config ??= await orchestration.Triggers.GetAsync();
            outbox[i] = await AttemptAsync(due, config, now);
            changed = true;
        }

        if (changed)
        {
            TrimDeliveryLog();
            await SaveAsync(StateWriteMode.Normal);
        }

        await ScheduleWakeUpAsync(reRegister: fromReminder);
    }

    public async Task<bool> RetryMessageAsync(string messageId)
    {
        var index = outbox.FindIndex(m => m.Id == messageId && m.Status == MessageStatus.DeadLettered);
        if (index < 0 || orchestration is null)
        {
            await DeadLetters().RemoveAsync(Id, messageId);
            return false;
        }

        outbox[index] = outbox[index] with { Status = MessageStatus.Scheduled, Attempts = 0, DueAt = orchestration.Clock.Now, CompletedAt = null };
        await SaveAsync(StateWriteMode.Normal);
        await DeadLetters().RemoveAsync(Id, messageId);
        await ScheduleWakeUpAsync(reRegister: false);
        return true;
    }

    public async Task<bool> DiscardMessageAsync(string messageId)
    {
        var index = outbox.FindIndex(m => m.Id == messageId && m.Status == MessageStatus.DeadLettered);
        if (index >= 0)
        {
            outbox[index] = outbox[index] with { Status = MessageStatus.Discarded, Body = null, CompletedAt = orchestration?.Clock.Now ?? Now };
            await SaveAsync(StateWriteMode.Scrub);
        }

        await DeadLetters().RemoveAsync(Id, messageId);
        return index >= 0;
    }

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

    /// <summary>One attempt of a due message: the send-time checks, then the POST.</summary>
    private async Task<OutboxMessage> AttemptAsync(OutboxMessage message, TriggerConfig config, DateTimeOffset now)
    {
        var services = orchestration!;
        if (config.Triggers.FirstOrDefault(t => t.Id == message.TriggerId) is not { } trigger)
        {
            return Finished(message, MessageStatus.Cancelled, "trigger_deleted", now);
        }

        // Before the other checks: consent, cart and cap are judged when it is really sent, at the window's end.
        if (trigger.QuietHours is { } quiet
            && QuietHoursWindow.EndIfInside(quiet, QuietHoursWindow.Zone(profile.Context?.TimeZone), now) is { } quietUntil)
        {
            return message with { DueAt = quietUntil, Reason = "quiet_hours" };
        }

        if (!profile.HasConsent(ConsentPurpose.Marketing))
        {
            return Finished(message, MessageStatus.Skipped, "no_marketing_consent", now);
        }

        if (!profile.Preferences.AcceptedChannels.Contains(message.Channel, StringComparer.Ordinal))
        {
            return Finished(message, MessageStatus.Skipped, "channel_not_accepted", now);
        }

        if (message.Attempts == 0)
        {
            if (trigger.RequireCart && profile.Cart(Now).Lines.Count == 0)
            {
                return Finished(message, MessageStatus.Cancelled, "cart_empty", now);
            }

            if (Capped(trigger, now))
            {
                return Finished(message, MessageStatus.Skipped, "capped", now);
            }

            if (message.Variant == Holdout)
            {
                return Finished(message, MessageStatus.Skipped, Holdout, now);
            }
        }

        var body = message.Body ?? await BuildBodyAsync(message, trigger);
        var attempt = await services.Dispatcher.SendAsync(message.Destination, message.Id, body);
        var attempts = message.Attempts + 1;
        if (attempt.Delivered)
        {
            triggerCaps ??= new(StringComparer.Ordinal);
            triggerCaps[trigger.Id] = triggerCaps.TryGetValue(trigger.Id, out var cap)
                ? cap with { LastSentAt = now, SentForCurrentCart = true }
                : new TriggerCapState(trigger.Id, now, SentForCurrentCart: true);
            return message with { Status = MessageStatus.Delivered, Attempts = attempts, Body = body, Reason = null, CompletedAt = now };
        }

        if (attempts >= services.Options.MaxAttempts)
        {
            // Indexed before it is marked dead: the index may name a message that is not dead, never miss one.
            await DeadLetters().AddAsync(new DeadLetter(Id, message.Id, message.TriggerId, message.Destination, attempts, attempt.Error, now));
            return message with { Status = MessageStatus.DeadLettered, Attempts = attempts, Body = body, Reason = attempt.Error, CompletedAt = now };
        }

        var retryAt = now + RetryBackoff.After(attempts, services.Options, Random.Shared.NextDouble());
        return message with { Attempts = attempts, Body = body, Reason = attempt.Error, DueAt = retryAt };
    }

    /// <summary>The message body: fixed at the first attempt (recommendations are computed then), resent unchanged.</summary>
    private async Task<string> BuildBodyAsync(OutboxMessage message, TriggerDefinition trigger)
    {
        var payload = trigger.Payload ?? new TriggerPayload();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("messageId", message.Id);
            json.WriteString("triggerId", message.TriggerId);
            json.WriteString("decisionId", message.DecisionId);
            json.WriteString("customerId", Id);
            json.WriteString("channel", message.Channel);
            json.WriteString("decidedAt", message.DecidedAt);
            if (payload.IncludeCart)
            {
                var cart = profile.Cart(Now);
                json.WriteStartObject("cart");
                json.WriteNumber("value", cart.Value);
                json.WriteStartArray("lines");
                foreach (var line in cart.Lines)
                {
                    json.WriteStartObject();
                    json.WriteString("itemId", line.ItemId);
                    json.WriteNumber("quantity", line.Quantity);
                    if (line.UnitPrice is { } price)
                    {
                        json.WriteNumber("unitPrice", price);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            if (payload.Recommendations > 0)
            {
                json.WriteStartArray("recommendations");
                foreach (var item in await RecommendForMessageAsync(payload.Recommendations))
                {
                    json.WriteStartObject();
                    json.WriteString("itemId", item.ItemId);
                    json.WriteString("title", item.Title);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            if (payload.OfferCode is { } code)
            {
                json.WriteString("offerCode", code);
            }

            if (payload.Data is { Count: > 0 } data)
            {
                json.WriteStartObject("data");
                foreach (var (key, value) in data)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private async Task<IReadOnlyList<RecommendedItem>> RecommendForMessageAsync(int count)
    {
        if (decisions is null)
        {
            return [];
        }

        var result = decisions.Recommend(DecisionProfileNow(), WithProfileContext(new RecommendationsRequest("message", count)), decisionState);
        return (await ApplyAsync(result)).Items;
    }

    /// <summary>Arms the timer for the next due message and makes sure the reminder is registered while anything is
    /// pending. With <paramref name="reRegister"/> the reminder is reconciled: moved to the next due time, or
    /// unregistered when nothing is pending.</summary>
    private async Task ScheduleWakeUpAsync(bool reRegister)
    {
        deliveryTimer?.Dispose();
        deliveryTimer = null;
        if (orchestration is null)
        {
            return;
        }

        var pending = outbox.Where(m => m.Status == MessageStatus.Scheduled).Select(m => m.DueAt).DefaultIfEmpty().Min();
        if (pending == default)
        {
            if (reRegister)
            {
                await UnregisterDeliveryReminderAsync();
            }

            return;
        }

        var wait = pending - orchestration.Clock.Now;
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWakeUp ? MaxWakeUp : wait;

        var self = this.AsReference<ICustomerGrain>();
        deliveryTimer = orchestration.Clock.Time.CreateTimer(_ => self.DeliverDueMessagesAsync().Ignore(), null, wait, Timeout.InfiniteTimeSpan);
        if (!reminderRegistered || reRegister)
        {
            await this.RegisterOrUpdateReminder(DeliveryReminder, wait, orchestration.Options.ReminderPeriod);
            reminderRegistered = true;
        }
    }

    private async Task UnregisterDeliveryReminderAsync()
    {
        if (await this.GetReminder(DeliveryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        reminderRegistered = false;
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

    private void TrimDeliveryLog()
    {
        var limit = orchestration?.Options.DeliveryLogSize ?? 20;
        var finished = outbox.Count(m => m.Status is not (MessageStatus.Scheduled or MessageStatus.DeadLettered));
        for (var i = 0; i < outbox.Count && finished > limit;)
        {
            if (outbox[i].Status is MessageStatus.Scheduled or MessageStatus.DeadLettered)
            {
                i++;
                continue;
            }

            outbox.RemoveAt(i);
            finished--;
        }
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

    private IDeadLetterGrain DeadLetters() => GrainFactory.GetGrain<IDeadLetterGrain>(TriggerCatalog.Key);

    private static string ExperimentId(string triggerId) => $"trigger:{triggerId}";

    private static bool Matches(IReadOnlyList<TriggerEvent>? events, BehaviourEvent e) =>
        events is not null && events.Any(t => t.Type == e.Type && (t.Name is null || string.Equals(t.Name, e.Name, StringComparison.Ordinal)));

    private static OutboxMessage Finished(OutboxMessage message, MessageStatus status, string reason, DateTimeOffset now) =>
        message with { Status = status, Reason = reason, CompletedAt = now, Body = null };
}

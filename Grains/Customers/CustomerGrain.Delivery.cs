using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Decisions;
using PersoActors.Grains.Interfaces.Orchestration;
using PersoActors.Grains.Orchestration;

namespace PersoActors.Grains.Customers;

/// <summary>Delivery of triggered messages: when a message is due (timer or reminder), one attempt in this grain's turn
/// with the send-time checks (consent, channel, cart, cap, holdout), retries with back-off, dead letters after the last
/// attempt, and the wake-ups that bring the grain back for the next due message.</summary>
public sealed partial class CustomerGrain
{
    /// <summary>The longest wake-up armed at once: timers and Orleans reminders take at most 2^32-2 ms (about 49.7
    /// days), and a trigger may wait 400 days; a wake-up before the due time finds nothing due and arms the next.</summary>
    private static readonly TimeSpan MaxWakeUp = TimeSpan.FromDays(30);

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

        try
        {
            await RefuseChangesDuringHandOverAsync();
        }
        catch (CustomerMergingException)
        {
            return; // handed over for a merge: about to be erased or given back, and the next reminder tick delivers
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
        await RefuseChangesDuringHandOverAsync();
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
        await RefuseChangesDuringHandOverAsync();
        var index = outbox.FindIndex(m => m.Id == messageId && m.Status == MessageStatus.DeadLettered);
        if (index >= 0)
        {
            outbox[index] = outbox[index] with { Status = MessageStatus.Discarded, Body = null, CompletedAt = orchestration?.Clock.Now ?? Now };
            await SaveAsync(StateWriteMode.Scrub);
        }

        await DeadLetters().RemoveAsync(Id, messageId);
        return index >= 0;
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
        var cart = payload.IncludeCart ? profile.Cart(Now) : null;
        var recommendations = payload.Recommendations > 0 ? await RecommendForMessageAsync(payload.Recommendations) : [];
        return TriggerMessageBody.Write(message, Id, payload, cart, recommendations);
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

    private IDeadLetterGrain DeadLetters() => GrainFactory.GetGrain<IDeadLetterGrain>(TriggerCatalog.Key);
}

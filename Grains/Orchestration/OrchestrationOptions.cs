namespace PersoActors.Grains.Orchestration;

/// <summary>Delivery settings (section <c>Orchestration</c>), the same on every silo.</summary>
public sealed class OrchestrationOptions
{
    /// <summary>Webhook destinations by name; triggers refer to them by that name.</summary>
    public Dictionary<string, WebhookDestination> Destinations { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Attempts before a message is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait before the first retry; doubles with each attempt, plus up to 20% jitter.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between retries.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one delivery attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Period of the reminder that keeps a customer with pending messages alive across deactivation and
    /// silo loss (at least Orleans' <c>ReminderOptions.MinimumReminderPeriod</c>).</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a silo serves its cached triggers before asking the trigger grain again.</summary>
    public TimeSpan TriggerRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Finished messages kept per customer as the delivery log.</summary>
    public int DeliveryLogSize { get; set; } = 20;
}

/// <summary>A webhook that receives messages.</summary>
public sealed class WebhookDestination
{
    /// <summary>Absolute http(s) URL the messages are POSTed to.</summary>
    public string Url { get; set; } = "";

    /// <summary>Shared secret for the <c>X-PersoActors-Signature</c> HMAC-SHA256.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Requests in flight to this destination from one silo.</summary>
    public int MaxConcurrency { get; set; } = 8;
}

using PersoActors.Grains.Interfaces.Orchestration;

namespace PersoActors.Grains.Interfaces.Customers;

public partial interface ICustomerGrain
{
    /// <summary>The customer's outbox and delivery log, newest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> GetMessagesAsync();

    /// <summary>Sends the messages that are due (called by the grain's own timer; harmless at any time).</summary>
    Task DeliverDueMessagesAsync();

    /// <summary>Schedules a dead-lettered message again with a fresh attempt count; false when there is no such dead letter.</summary>
    Task<bool> RetryMessageAsync(string messageId);

    /// <summary>Discards a dead-lettered message; false when there is no such dead letter.</summary>
    Task<bool> DiscardMessageAsync(string messageId);
}

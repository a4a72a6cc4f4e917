namespace PersoActors.Grains.Orchestration;

/// <summary>A trigger's cap memory for one customer.</summary>
/// <param name="TriggerId">The trigger.</param>
/// <param name="LastSentAt">Its last delivered message.</param>
/// <param name="SentForCurrentCart">A message was delivered since the cart was last empty.</param>
/// <param name="InSegment">For a segment-entered trigger: the customer was inside the segment after the last batch.</param>
public sealed record TriggerCapState(string TriggerId, DateTimeOffset LastSentAt, bool SentForCurrentCart, bool InSegment = false);

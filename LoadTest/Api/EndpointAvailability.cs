namespace PersoActors.LoadTest.Api;

/// <summary>
/// Learns which endpoints the gateway does not have yet: one that answers 404/405/501 several times and has
/// never answered 2xx is declared unavailable, and simulated users skip it from then on, so a gateway that
/// is still missing an endpoint is measured on the endpoints it has.
/// </summary>
public sealed class EndpointAvailability
{
    private const int UnavailableAfter = 20;

    private readonly int[] _unavailableAnswers = new int[Enum.GetValues<EndpointKind>().Length];
    private readonly int[] _successes = new int[Enum.GetValues<EndpointKind>().Length];

    public bool HasSucceeded(EndpointKind kind) => Volatile.Read(ref _successes[(int)kind]) > 0;

    /// <summary>Whether simulated users should stop calling this endpoint.</summary>
    public bool IsUnavailable(EndpointKind kind) =>
        !HasSucceeded(kind) && Volatile.Read(ref _unavailableAnswers[(int)kind]) >= UnavailableAfter;

    /// <summary>Endpoints declared unavailable so far.</summary>
    public IReadOnlyList<EndpointKind> Unavailable() => Enum.GetValues<EndpointKind>().Where(IsUnavailable).ToArray();

    public void Observe(EndpointKind kind, CallResult result)
    {
        if (result.Outcome == CallOutcome.Ok)
        {
            if (Volatile.Read(ref _successes[(int)kind]) == 0)
            {
                Interlocked.Increment(ref _successes[(int)kind]);
            }
        }
        else if (result.Outcome == CallOutcome.Unavailable)
        {
            Interlocked.Increment(ref _unavailableAnswers[(int)kind]);
        }
    }
}

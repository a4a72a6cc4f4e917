namespace PersoActors.LoadTest.Engine;

/// <summary>
/// The open model's send times: the rate climbs linearly from 0 to <c>rate</c> over the ramp-up, then stays
/// constant for the duration. Send i happens when the integral of the rate reaches i, so the schedule is
/// fixed in advance and never waits for answers.
/// </summary>
public sealed class ArrivalSchedule
{
    private readonly double _rate;
    private readonly double _rampSeconds;
    private readonly double _endSeconds;
    private readonly double _rampSends;

    public ArrivalSchedule(double rate, TimeSpan rampUp, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        _rate = rate;
        _rampSeconds = rampUp.TotalSeconds;
        _endSeconds = _rampSeconds + duration.TotalSeconds;
        _rampSends = rate * _rampSeconds / 2;
    }

    /// <summary>Offset from the start at which send <paramref name="index"/> is due; null once past the end.</summary>
    public TimeSpan? SendTime(long index)
    {
        var seconds = index < _rampSends
            ? Math.Sqrt(2 * _rampSeconds * index / _rate)
            : _rampSeconds + (index - _rampSends) / _rate;
        return seconds < _endSeconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>Total sends in the run.</summary>
    public long TotalSends => (long)Math.Ceiling(_rampSends + _rate * (_endSeconds - _rampSeconds));
}

using System.Globalization;
using PersoActors.Grains.Interfaces.Orchestration;

namespace PersoActors.Grains.Orchestration;

/// <summary>When a trigger's quiet hours end, counted on the customer's wall clock through <see cref="TimeZoneInfo"/>
/// (so daylight-saving changes move the instant, not the local time).</summary>
public static class QuietHoursWindow
{
    /// <summary>Parses <c>HH:mm</c> (24 h).</summary>
    public static bool TryParse(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>The instant the window ends when <paramref name="now"/> is inside it in <paramref name="zone"/>; null
    /// when outside. A window end that falls in a skipped hour (clocks forward) moves to the first local time that
    /// exists; one that falls in a repeated hour (clocks back) is the later of the two instants, so nothing is sent
    /// while the customer's clock still shows a quiet time.</summary>
    public static DateTimeOffset? EndIfInside(QuietHours hours, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (!TryParse(hours.Start, out var start) || !TryParse(hours.End, out var end) || start == end)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var crossesMidnight = start > end;
        var inside = crossesMidnight ? time >= start || time < end : time >= start && time < end;
        if (!inside)
        {
            return null;
        }

        var endDate = DateOnly.FromDateTime(local.DateTime);
        if (crossesMidnight && time >= start)
        {
            endDate = endDate.AddDays(1);
        }

        var endLocal = endDate.ToDateTime(end, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(endLocal))
        {
            endLocal = endLocal.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(endLocal) ? zone.GetAmbiguousTimeOffsets(endLocal).Min() : zone.GetUtcOffset(endLocal);
        return new DateTimeOffset(endLocal, offset);
    }

    /// <summary>The customer's zone from an IANA (or Windows) id; UTC when unknown or not given.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}

using PersoActors.Grains.Interfaces.Orchestration;
using PersoActors.Grains.Orchestration;

namespace PersoActors.Grains.Tests.Orchestration;

/// <summary>The end of quiet hours on the customer's wall clock, across midnight and daylight-saving changes.</summary>
public sealed class QuietHoursWindowTests
{
    private static readonly QuietHours Night = new("21:00", "08:00");
    private static readonly TimeZoneInfo Warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void A_time_late_in_the_evening_waits_for_the_next_mornings_end_in_the_customers_zone()
    {
        // 22:30 in Warsaw (UTC+1 in December) is 21:30 UTC; 08:00 the next day is 07:00 UTC.
        var end = QuietHoursWindow.EndIfInside(Night, Warsaw, new DateTimeOffset(2026, 12, 1, 21, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void A_time_after_midnight_waits_for_the_same_mornings_end()
    {
        var end = QuietHoursWindow.EndIfInside(Night, Warsaw, new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.Zero), end);
    }

    [Theory]
    [InlineData(19, 59)] // 20:59 in Warsaw: not yet
    [InlineData(7, 0)] // 08:00 in Warsaw: the window has ended
    [InlineData(12, 0)]
    public void A_time_outside_the_window_is_not_deferred(int utcHour, int utcMinute)
    {
        var now = new DateTimeOffset(2026, 12, 2, utcHour, utcMinute, 0, TimeSpan.Zero);
        Assert.Null(QuietHoursWindow.EndIfInside(Night, Warsaw, now));
    }

    [Fact]
    public void The_same_window_in_another_zone_is_another_instant()
    {
        // 21:30 UTC is 16:30 in New York: outside; 03:00 UTC is 22:00 there: inside, ends 08:00 EST = 13:00 UTC.
        Assert.Null(QuietHoursWindow.EndIfInside(Night, NewYork, new DateTimeOffset(2026, 12, 1, 21, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 13, 0, 0, TimeSpan.Zero),
            QuietHoursWindow.EndIfInside(Night, NewYork, new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_window_ending_in_the_hour_skipped_by_daylight_saving_ends_when_the_clocks_have_jumped()
    {
        // New York, 14 March 2027: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist; the window ends at 03:00 EDT.
        var end = QuietHoursWindow.EndIfInside(new QuietHours("22:00", "02:30"), NewYork, new DateTimeOffset(2027, 3, 14, 4, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2027, 3, 14, 7, 0, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void A_window_ending_in_the_hour_repeated_by_daylight_saving_ends_at_the_later_instant()
    {
        // New York, 1 November 2026: 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
        var end = QuietHoursWindow.EndIfInside(new QuietHours("22:00", "01:30"), NewYork, new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 6, 30, 0, TimeSpan.Zero), end);
    }

    [Fact]
    public void An_unknown_or_missing_zone_counts_in_utc()
    {
        Assert.Same(TimeZoneInfo.Utc, QuietHoursWindow.Zone(null));
        Assert.Same(TimeZoneInfo.Utc, QuietHoursWindow.Zone("Mars/Olympus_Mons"));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero),
            QuietHoursWindow.EndIfInside(Night, QuietHoursWindow.Zone(null), new DateTimeOffset(2026, 12, 1, 22, 30, 0, TimeSpan.Zero)));
    }
}

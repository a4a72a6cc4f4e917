using System.Globalization;
using System.Text;

namespace PersoActors.Storage.Membership;

/// <summary>Stores a <see cref="MembershipEntry.SuspectTimes"/> list as one text column:
/// <c>silo@ticks</c> pairs (silo in <see cref="SiloAddress.ToParsableString"/> form, UTC ticks) separated by
/// <c>|</c>. Ticks round-trip exactly, which the vote-expiry arithmetic of the membership protocol relies on.</summary>
internal static class SuspectTimesCodec
{
    private const char PairSeparator = '|';
    private const char TimeSeparator = '#';

    public static string Encode(List<Tuple<SiloAddress, DateTime>>? suspectTimes)
    {
        if (suspectTimes is null || suspectTimes.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var (silo, time) in suspectTimes)
        {
            if (text.Length > 0)
            {
                text.Append(PairSeparator);
            }

            text.Append(silo.ToParsableString()).Append(TimeSeparator).Append(Utc(time).Ticks.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static List<Tuple<SiloAddress, DateTime>> Decode(string text)
    {
        var result = new List<Tuple<SiloAddress, DateTime>>();
        if (text.Length == 0)
        {
            return result;
        }

        foreach (var pair in text.Split(PairSeparator))
        {
            var split = pair.LastIndexOf(TimeSeparator);
            var ticks = long.Parse(pair.AsSpan(split + 1), NumberStyles.Integer, CultureInfo.InvariantCulture);
            result.Add(Tuple.Create(SiloAddress.FromParsableString(pair[..split]), new DateTime(ticks, DateTimeKind.Utc)));
        }

        return result;
    }

    /// <summary>The latest vote, or <see cref="DateTime.MinValue"/> without votes.</summary>
    public static DateTime Latest(List<Tuple<SiloAddress, DateTime>>? suspectTimes) =>
        suspectTimes is null || suspectTimes.Count == 0 ? DateTime.MinValue : suspectTimes.Max(vote => Utc(vote.Item2));

    /// <summary>Orleans writes UTC times; an unspecified kind is taken as UTC too rather than shifted by the local zone.</summary>
    public static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
}

using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;

namespace PersoActors.Tests.Shared;

/// <summary>Runs an FsCheck property. Its seed is fixed, so the test run gives the same answer every time. Set
/// <c>PERSOACTORS_PROPERTY_SEED</c> to <c>random</c> to explore new inputs on each run (<c>scripts/explore-properties</c>
/// does), or to the <c>(seed,gamma)</c> a failure printed to run that failure again.</summary>
internal static class PropertyRun
{
    private const string FixedSeed = "(20261203,7046029254386353131)";

    public static void Check(Property property, int tests)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(tests).WithQuietOnSuccess(true);
        var seed = Environment.GetEnvironmentVariable("PERSOACTORS_PROPERTY_SEED") is { Length: > 0 } chosen ? chosen : FixedSeed;
        if (seed != "random")
        {
            config = config.WithReplay(FSharpOption<Replay>.Some(new Replay(Parse(seed), FSharpOption<int>.None)));
        }

        FsCheck.Check.One(config, property);
    }

    private static Rnd Parse(string seed)
    {
        var parts = seed.Trim('(', ')', ' ').Split(',');
        return parts.Length == 2
            ? new Rnd(ulong.Parse(parts[0], CultureInfo.InvariantCulture), ulong.Parse(parts[1], CultureInfo.InvariantCulture))
            : throw new FormatException($"PERSOACTORS_PROPERTY_SEED: '{seed}' is not 'random' or '(seed,gamma)'.");
    }
}

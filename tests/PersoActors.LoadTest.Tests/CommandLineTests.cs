using PersoActors.LoadTest.Cli;

namespace PersoActors.LoadTest.Tests;

/// <summary>The driver's options: a value out of range or not of the option's kind is an error that names the option
/// in the driver's words (not a .NET type's), reported before anything runs.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--rate abc", "--rate: 'abc' is not a number")]
    [InlineData("--rate Infinity", "--rate: 'Infinity' is not a number")]
    [InlineData("--rate -5", "--rate must be greater than 0")]
    [InlineData("--users 1.5", "--users: '1.5' is not a whole number")]
    [InlineData("--seed x", "--seed: 'x' is not a whole number")]
    [InlineData("--new-users x", "--new-users: 'x' is not a number")]
    [InlineData("--new-users NaN", "--new-users: 'NaN' is not a number")]
    [InlineData("--new-users 2", "--new-users must be between 0 and 1")]
    [InlineData("--max-error-rate q", "--max-error-rate: 'q' is not a number")]
    [InlineData("--max-error-rate 7", "--max-error-rate must be between 0 and 1")]
    [InlineData("--customers -1", "--customers must not be negative")]
    [InlineData("prepare --events z", "--events: 'z' is not a whole number")]
    [InlineData("prepare --events 600", "--events must be at most 500 (one batch)")]
    [InlineData("--target notaurl", "--target: 'notaurl' is not an absolute http(s) URL")]
    public void A_bad_option_value_is_an_error_naming_the_option(string arguments, string error)
    {
        var parse = LoadTestCommand.Create().Parse(arguments);

        Assert.Contains(parse.Errors, e => e.Message.Contains(error, StringComparison.Ordinal));
        Assert.DoesNotContain(parse.Errors, e => e.Message.Contains("System.", StringComparison.Ordinal));
    }

    [Fact]
    public void Good_values_parse_without_errors()
    {
        Assert.Empty(LoadTestCommand.Create().Parse("--rate 50 --new-users 0.5 --max-error-rate 0.01 --customers 0 --seed -3 -d 2s").Errors);
        Assert.Equal(0.01, LoadTestCommand.Create().Parse("--max-error-rate 0.01").GetValue<double?>("--max-error-rate"));
        Assert.Null(LoadTestCommand.Create().Parse("--rate 5").GetValue<double?>("--max-error-rate"));
        Assert.Empty(LoadTestCommand.Create().Parse("prepare --events 500").Errors);
    }
}

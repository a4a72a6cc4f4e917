using PersoActors.LoadTest.Cli;

namespace PersoActors.LoadTest.Tests;

/// <summary>The driver's options: a value out of range or not of the option's kind is an error that names the option,
/// reported before anything runs.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--rate abc", "'abc' for option '--rate'")]
    [InlineData("--rate -5", "--rate must be greater than 0")]
    [InlineData("--users 1.5", "'1.5' for option '--users'")]
    [InlineData("--new-users x", "'x' for option '--new-users'")]
    [InlineData("--new-users 2", "--new-users must be between 0 and 1")]
    [InlineData("--max-error-rate q", "'q' for option '--max-error-rate'")]
    [InlineData("--max-error-rate 7", "--max-error-rate must be between 0 and 1")]
    [InlineData("--customers -1", "--customers must not be negative")]
    [InlineData("prepare --events z", "'z' for option '--events'")]
    [InlineData("prepare --events 600", "--events must be at most 500 (one batch)")]
    [InlineData("--target notaurl", "--target: 'notaurl' is not an absolute http(s) URL")]
    public void A_bad_option_value_is_an_error_naming_the_option(string arguments, string error)
    {
        var parse = LoadTestCommand.Create().Parse(arguments);

        Assert.Contains(parse.Errors, e => e.Message.Contains(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Good_values_parse_without_errors()
    {
        Assert.Empty(LoadTestCommand.Create().Parse("--rate 50 --new-users 0.5 --max-error-rate 0.01 --customers 0 -d 2s").Errors);
        Assert.Empty(LoadTestCommand.Create().Parse("prepare --events 500").Errors);
    }
}

using System.Net;
using PersoActors.LoadTest.Engine;
using PersoActors.LoadTest.Tests.Infrastructure;
using PersoActors.Storage.Hosting;

namespace PersoActors.LoadTest.Tests;

/// <summary><c>--max-error-rate</c>: a run whose requests failed more often than allowed exits with its own code (a CI
/// job or a canary fails on it); without the option the run only reports its errors, as before.</summary>
public sealed class ErrorRateExitTests
{
    [Fact]
    public async Task A_run_against_a_gateway_that_is_not_there_exits_3_only_when_an_error_rate_is_set()
    {
        var nobody = new Uri($"http://127.0.0.1:{FreePort.On(IPAddress.Loopback)}");
        var settings = EmbeddedGatewayHost.InProcessSettings with { Targets = [nobody], Rate = 20, Duration = TimeSpan.FromSeconds(1) };

        var (strictConsole, strictOutput) = TestConsole.Create();
        var strict = await new LoadTestRunner(settings with { MaxErrorRate = 0.01 }, strictConsole).RunAsync(CancellationToken.None);
        var (lenientConsole, _) = TestConsole.Create();
        var lenient = await new LoadTestRunner(settings, lenientConsole).RunAsync(CancellationToken.None);

        Assert.True(strict.Report.Total.Errors > 0);
        Assert.Equal(LoadTestRunner.TooManyErrorsExitCode, strict.ExitCode);
        Assert.Contains("above --max-error-rate", strictOutput.ToString());
        Assert.Equal(0, lenient.ExitCode);
    }
}

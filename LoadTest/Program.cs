using PersoActors.LoadTest.Cli;

namespace PersoActors.LoadTest;

// An explicit entry point: with top-level statements the ASP.NET Core framework (referenced through the shared
// API records) would make a public global Program that collides with the gateway's in the tests.
internal static class Program
{
    private static Task<int> Main(string[] args) => LoadTestCommand.Create().Parse(args).InvokeAsync();
}

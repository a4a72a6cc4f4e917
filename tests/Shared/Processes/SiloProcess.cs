namespace PersoActors.Tests.Shared.Processes;

/// <summary>A real PersoActors.Silo process started with the given command-line switches.</summary>
internal sealed class SiloProcess : AppProcess
{
    private SiloProcess(IEnumerable<string> arguments) : base("Silo", "PersoActors.Silo", arguments, new Dictionary<string, string>())
    {
    }

    public static SiloProcess Start(params string[] arguments) => new(arguments);
}

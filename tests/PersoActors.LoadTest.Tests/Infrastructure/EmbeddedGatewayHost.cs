using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PersoActors.LoadTest.Engine;

namespace PersoActors.LoadTest.Tests.Infrastructure;

/// <summary>The real gateway with its embedded silo, on a SQLite file in a temporary directory of its own that
/// disposing deletes; and the driver settings that reach it in process.</summary>
public sealed class EmbeddedGatewayHost : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("lt-").FullName;

    public string DatabasePath => Path.Combine(Directory, "gateway.db");

    /// <summary>Settings for a run through <c>gateway.Server.CreateHandler()</c> with the development keys, plain
    /// output and no report files; each test sets its load on top (<c>with</c>).</summary>
    public static LoadTestSettings InProcessSettings { get; } = new()
    {
        Targets = [new Uri("http://localhost")],
        ApiKey = "dev-site-key",
        AdminApiKey = "dev-admin-key",
        OutputDirectory = null,
        PlainOutput = true,
    };

    public WebApplicationFactory<Program> Start(Action<IWebHostBuilder>? configure = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Storage:SqlitePath", DatabasePath)
                // Busy CI cores would turn scheduling hiccups into queue-wait 503s; shedding is tested in the gateway tests.
                .UseSetting("Overload:MaxQueueWait", "00:00:00");
            configure?.Invoke(web);
        });

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}

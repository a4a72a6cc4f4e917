using PersoActors.Grains.Decisions;
using PersoActors.Grains.Hosting;
using PersoActors.Grains.Orchestration;
using PersoActors.Silo;

// dotnet run --project Silo -- --port 11111 --gateway-port 30000 --cluster-id prod --membership sqlite:/srv/data/cluster.db --storage sqlite:/srv/data/state.db
// (or --membership "azure:UseDevelopmentStorage=true" --storage "azure:UseDevelopmentStorage=true" on Azure Table / Azurite)
if (args.Any(a => a is "--help" or "-h"))
{
    Console.WriteLine(SiloCommandLine.Usage);
    return 0;
}

var builder = Host.CreateApplicationBuilder(args).ExitWithMessageWhenStartFails("silo");
builder.Configuration.AddCommandLine(args, SiloCommandLine.SwitchMappings);
if (SiloCommandLine.Validate(builder.Configuration, args) is { } problem)
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(SiloCommandLine.Usage);
    return 2;
}

builder.UseOrleans(silo => silo.AddPersoActorsClusterSilo(builder.Configuration));
// After Orleans: starts once the silo is active, and its last item-signal flush runs before the silo stops.
builder.Services.AddPersoActorsDecisions();
builder.AddSiloMetrics();
builder.Services.AddPersoActorsOrchestration();

await builder.Build().RunAsync();
return 0;

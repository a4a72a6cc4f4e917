using PersoActors.Grains.Customers;
using PersoActors.Grains.Decisions;
using PersoActors.Runtime.Cluster.Hosting;
using PersoActors.Runtime.Hosting;
using PersoActors.Runtime.State;
using PersoActors.Silo;

// dotnet run --project Silo -- --port 11111 --cluster-id prod --membership sqlite:data/cluster.db --storage sqlite:data/state.db
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCommandLine(args, SiloCommandLine.SwitchMappings);
if (SiloCommandLine.Validate(builder.Configuration) is { } problem)
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine(SiloCommandLine.Usage);
    return 2;
}

builder.Services.AddPersoActorsSilo(silo => silo
    .AddCustomerGrains()
    .UseStorage(builder.Configuration["Storage"]!)
    .UseCluster(cluster => cluster.UseMembership(builder.Configuration["Cluster:Membership"]!)));
builder.Services.AddPersoActorsDecisions();

await builder.Build().RunAsync();
return 0;

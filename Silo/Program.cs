using PersoActors.Grains.Customers;
using PersoActors.Grains.Decisions;
using PersoActors.Runtime.Hosting;

// A single silo with SQLite state; cluster options (ports, membership) come with the cluster work.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddPersoActorsSilo(silo => silo
    .AddCustomerGrains()
    .UseSqliteStorage(builder.Configuration["Storage:SqlitePath"] ?? Path.Combine("data", "persoactors.db")));
builder.Services.AddPersoActorsDecisions();
builder.Build().Run();

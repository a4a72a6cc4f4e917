using System.Net;
using System.Net.Sockets;
using PersoActors.Bench.Floor;

// The Orleans floor: the least any design on Kestrel and a co-hosted Orleans silo does per recommendation — route the
// request to the customer's grain and write the answer the grain holds (a fixed 10-item recommendation about as large as
// PersoActors' own). No body parsing, authentication, decision, logging or metrics. Between the roof (bare Kestrel) and
// PersoActors, it shows how much of the gap the architecture takes and how much the gateway's own work.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort: FreeLoopbackPort(), gatewayPort: 0, clusterId: $"floor-{Guid.NewGuid():N}"));
var app = builder.Build();
var grains = app.Services.GetRequiredService<IGrainFactory>();
app.MapPost("/v1/customers/{id}/recommendations", async (string id, HttpResponse response) =>
{
    var answer = await grains.GetGrain<IFloorCustomerGrain>(id).RecommendAsync();
    response.ContentType = "application/json";
    await response.Body.WriteAsync(answer.Value);
});
app.MapGet("/", () => "floor");
app.Run();

static int FreeLoopbackPort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

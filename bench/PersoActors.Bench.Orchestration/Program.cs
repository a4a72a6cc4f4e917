using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PersoActors.Bench;
using PersoActors.Grains.Interfaces.Customers;
using PersoActors.Grains.Interfaces.Orchestration;
using PersoActors.Grains.Orchestration;
using PersoActors.Storage.Hosting;

// Orchestration on a real silo (SQLite state and reminders) delivering to a real Kestrel receiver in this process:
// add_to_cart events that decide a message (trigger with no delay) against the same events without a trigger, in the
// same run; decision-to-delivery latency (the body's decidedAt to the receiver's clock) and delivered messages/s.
// Usage: PersoActors.Bench.Orchestration [customers=2000] [callers=64].
var customers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var callers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
var data = Directory.CreateTempSubdirectory("persoactors-orch-bench-");
Console.WriteLine($"PersoActors orchestration benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine($"{customers:N0} customers per phase, {callers} concurrent callers, SQLite in {data.FullName}\n");

var latencies = new ConcurrentBag<double>();
var delivered = 0;
var allDelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var receiverBuilder = WebApplication.CreateSlimBuilder();
receiverBuilder.Logging.ClearProviders();
var receiverPort = FreePort.On(IPAddress.Loopback);
receiverBuilder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, receiverPort));
await using var receiver = receiverBuilder.Build();
receiver.MapPost("/hook", async (HttpRequest request) =>
{
    using var body = await JsonDocument.ParseAsync(request.Body);
    var decidedAt = body.RootElement.GetProperty("decidedAt").GetDateTimeOffset();
    latencies.Add((DateTimeOffset.UtcNow - decidedAt).TotalMilliseconds);
    if (Interlocked.Increment(ref delivered) == customers)
    {
        allDelivered.TrySetResult();
    }

    return Results.Ok();
});
await receiver.StartAsync();

await using var silo = await BenchSilo.StartAsync(
    s =>
    {
        s.AddSqliteGrainStorageAsDefault(Path.Combine(data.FullName, "silo.db"));
        s.UseSqliteReminders(Path.Combine(data.FullName, "silo.db"));
    },
    services => services.AddPersoActorsOrchestration(o =>
    {
        o.Destinations["bench"] = new WebhookDestination { Url = $"http://127.0.0.1:{receiverPort}/hook", Secret = "bench", MaxConcurrency = 32 };
        o.TriggerRefreshInterval = TimeSpan.Zero;
    }));
var grains = silo.Grains;

await PrepareAsync("plain");
await PrepareAsync("trig");
var baseline = await AddToCartAsync("plain");
Console.WriteLine($"add_to_cart without a trigger:   {customers / baseline.TotalSeconds,10:N0} events/s");

await grains.GetGrain<ITriggerConfigGrain>(TriggerCatalog.Key).PutTriggerAsync(new TriggerDefinition(
    "bench", [new TriggerEvent(EventType.AddToCart)], TimeSpan.Zero, "email", "bench", Payload: new TriggerPayload(IncludeCart: true)));
var started = Stopwatch.GetTimestamp();
var decided = await AddToCartAsync("trig");
await allDelivered.Task.WaitAsync(TimeSpan.FromMinutes(5));
var total = Stopwatch.GetElapsedTime(started);
Console.WriteLine($"add_to_cart deciding a message: {customers / decided.TotalSeconds,10:N0} events/s ({decided / baseline:0.00}× the time of the plain events: the decision is stored with the events as a snapshot)");
Console.WriteLine($"delivered messages:             {customers / total.TotalSeconds,10:N0} messages/s (first event to last delivery)");
var sorted = latencies.Order().ToArray();
Console.WriteLine($"decision → delivery latency:    p50 {Percentile(0.50):0.0} ms, p99 {Percentile(0.99):0.0} ms, max {sorted[^1]:0.0} ms");
Console.WriteLine("BENCH_JSON " + JsonSerializer.Serialize(new
{
    customers,
    callers,
    plainEventsPerSecond = Math.Round(customers / baseline.TotalSeconds),
    decidingEventsPerSecond = Math.Round(customers / decided.TotalSeconds),
    messagesPerSecond = Math.Round(customers / total.TotalSeconds),
    latencyP50Ms = Math.Round(Percentile(0.50), 1),
    latencyP99Ms = Math.Round(Percentile(0.99), 1),
    latencyMaxMs = Math.Round(sorted[^1], 1),
}));
await receiver.StopAsync();
data.Delete(recursive: true);
return;

double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

async Task PrepareAsync(string prefix)
{
    var consents = new ConsentChange([new ConsentDecision(ConsentPurpose.Analytics, true), new ConsentDecision(ConsentPurpose.Marketing, true)], "bench", false);
    await ForEachAsync(prefix, async customer =>
    {
        await customer.ChangeConsentsAsync(consents);
        await customer.PatchPreferencesAsync(new PreferencesPatch { AcceptedChannels = ["email"] });
    });
}

async Task<TimeSpan> AddToCartAsync(string prefix)
{
    var start = Stopwatch.GetTimestamp();
    await ForEachAsync(prefix, customer =>
        customer.TrackEventsAsync([new BehaviourEvent(EventType.AddToCart, DateTimeOffset.UtcNow, "sku-1", Value: 10m)]));
    return Stopwatch.GetElapsedTime(start);
}

async Task ForEachAsync(string prefix, Func<ICustomerGrain, Task> action)
{
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < customers)
        {
            await action(grains.GetGrain<ICustomerGrain>($"{prefix}-{i}"));
        }
    })));
}

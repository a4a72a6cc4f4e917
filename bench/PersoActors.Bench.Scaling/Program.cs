using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using PersoActors.Bench.Scaling;
using PersoActors.Storage.Hosting;

// Scaling and failover while serving: three silo processes and a cluster-mode gateway on loopback (SQLite membership
// and state), an open-model site load of durable events, then: a fourth silo joins, a silo stops gracefully
// (SIGTERM), a silo is killed (kill -9). For each change: requests, errors, p99 of the answers, customers moved.
// Usage: dotnet run -c Release --project bench/PersoActors.Bench.Scaling -- [rate=300] [customers=300]
var rate = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var customerCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
var root = FindRepositoryRoot();
var work = Directory.CreateTempSubdirectory("persoactors-scaling-").FullName;
var membership = $"sqlite:{Path.Combine(work, "membership.db")}";
var storage = $"sqlite:{Path.Combine(work, "state.db")}";
const string clusterId = "scaling";
var processes = new List<ClusterProcess>();
ClusterProcess StartSilo(int n) => Track(ClusterProcess.Start(root, "Silo", "PersoActors.Silo", Path.Combine(work, $"silo-{n}.log"),
    "--port", "0", "--gateway-port", "0", "--cluster-id", clusterId, "--membership", membership, "--storage", storage));
ClusterProcess Track(ClusterProcess process)
{
    processes.Add(process);
    return process;
}

try
{
    var silos = Enumerable.Range(1, 3).Select(StartSilo).ToList();
    var gatewayAddress = new Uri($"http://127.0.0.1:{FreePort.On(IPAddress.Loopback)}");
    Track(ClusterProcess.Start(root, "Gateway", "PersoActors.Gateway", Path.Combine(work, "gateway.log"),
        "--urls", gatewayAddress.ToString(), $"--Cluster:Membership={membership}", $"--Cluster:ClusterId={clusterId}"));
    await using var placement = await Placement.ConnectAsync(membership, clusterId);
    await WaitUntilAsync(async () => await placement.ActiveSilosAsync() == 3, "3 active silos");

    using var http = new HttpClient { BaseAddress = gatewayAddress, Timeout = TimeSpan.FromSeconds(30) };
    http.DefaultRequestHeaders.Add("X-Api-Key", "dev-admin-key");
    await WaitUntilAsync(async () => (await http.GetAsync("/health")).IsSuccessStatusCode, "the gateway");
    var customers = Enumerable.Range(0, customerCount).Select(i => $"scaling-{i}").ToArray();
    foreach (var customer in customers)
    {
        await WaitUntilAsync(async () => (await http.PatchAsJsonAsync($"/v1/customers/{customer}/consents",
            new { consents = new { analytics = "granted" } })).IsSuccessStatusCode, $"consent of {customer}");
    }

    await using var traffic = new OpenModelTraffic(http, customers, rate);
    traffic.Start();
    await Task.Delay(TimeSpan.FromSeconds(5)); // warm-up: JIT, connections, every customer active
    Console.WriteLine($"# Scaling and failover while serving — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg")[..14]}");
    Console.WriteLine($"{rate} durable events/s over {customerCount} customers through a cluster-mode gateway; SQLite membership and state.");
    Console.WriteLine();
    Console.WriteLine("| change | duration | requests | 2xx | 503 | other/none | p99 answered | customers moved |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");

    var steady = Stopwatch.GetTimestamp();
    await Task.Delay(TimeSpan.FromSeconds(5));
    Report("steady (3 silos)", steady, Stopwatch.GetTimestamp(), "—");

    var before = await placement.WhereAsync(customers);
    var joining = Stopwatch.GetTimestamp();
    silos.Add(StartSilo(4));
    await WaitUntilAsync(async () => await placement.ActiveSilosAsync() == 4, "the fourth silo");
    var joined = Stopwatch.GetElapsedTime(joining);
    await Task.Delay(TimeSpan.FromSeconds(5));
    Report($"silo joins (active after {joined.TotalSeconds:0.0} s)", joining, Stopwatch.GetTimestamp(), Moved(before, await placement.WhereAsync(customers)));

    before = await placement.WhereAsync(customers);
    var leaving = Stopwatch.GetTimestamp();
    silos[0].Terminate();
    await silos[0].WaitForExitAsync();
    var drained = Stopwatch.GetElapsedTime(leaving);
    await Task.Delay(TimeSpan.FromSeconds(3));
    Report($"silo stops gracefully (drained and left in {drained.TotalSeconds:0.0} s)", leaving, Stopwatch.GetTimestamp(), Moved(before, await placement.WhereAsync(customers)));

    before = await placement.WhereAsync(customers);
    var killed = Stopwatch.GetTimestamp();
    silos[1].Kill();
    TimeSpan? servedAgain = null;
    await WaitUntilAsync(() => Task.FromResult((servedAgain = traffic.EveryCustomerServedAgain(killed)) is not null), "every customer served after the kill");
    await Task.Delay(TimeSpan.FromSeconds(3));
    Report($"silo killed (every customer served again after {servedAgain!.Value.TotalSeconds:0.00} s)", killed, Stopwatch.GetTimestamp(), Moved(before, await placement.WhereAsync(customers)));

    void Report(string change, long from, long to, string moved)
    {
        var window = traffic.SentBetween(from, to);
        var answered = window.Where(o => o.Status != 0).Select(o => o.Latency.TotalMilliseconds).Order().ToArray();
        var p99 = answered.Length == 0 ? double.NaN : answered[Math.Min(answered.Length - 1, (int)(0.99 * answered.Length))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {change} | {Stopwatch.GetElapsedTime(from, to).TotalSeconds:0.0} s | {window.Count} | {window.Count(o => o.Status is >= 200 and < 300)} | {Count503(window)} | {window.Count(o => o.Status is not (>= 200 and < 300) and not 503)} | {p99:0.0} ms | {moved} |"));
    }
}
finally
{
    foreach (var process in processes)
    {
        process.Dispose();
    }

    Directory.Delete(work, recursive: true);
}

// The 503 answers, with their problem types: "12 (grain-unavailable 10, store-unavailable 2)".
static string Count503(IReadOnlyList<OpenModelTraffic.Outcome> window)
{
    var refused = window.Where(o => o.Status == 503).ToArray();
    var causes = refused.GroupBy(o => o.Problem ?? "no problem body").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
    return refused.Length == 0 ? "0" : $"{refused.Length} ({string.Join(", ", causes)})";
}

static string Moved(Dictionary<string, SiloAddress> before, Dictionary<string, SiloAddress> after) =>
    $"{before.Count(b => after.TryGetValue(b.Key, out var now) && !now.Equals(b.Value))} of {before.Count}";

static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
{
    var clock = Stopwatch.StartNew();
    while (true)
    {
        try
        {
            if (await condition())
            {
                return;
            }
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or OrleansException or TimeoutException)
        {
        }

        if (clock.Elapsed > TimeSpan.FromSeconds(120))
        {
            throw new TimeoutException($"Waited 120 s for {what}.");
        }

        await Task.Delay(50);
    }
}

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "PersoActors.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run from the repository's build output: PersoActors.sln not found above it.");
}

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Catalog;
using PersoActors.LoadTest.Engine;
using Spectre.Console;

namespace PersoActors.LoadTest.Cli;

/// <summary>The command line: the root command runs a load test; <c>catalog</c> writes or uploads the synthetic catalog.</summary>
public static class LoadTestCommand
{
    public static RootCommand Create()
    {
        var defaults = new LoadTestSettings();
        var targets = new Option<string[]>("--target", "-t")
        {
            Description = "Gateway base URL; repeat (or separate with commas) for several gateways, used round-robin",
            DefaultValueFactory = _ => ["http://127.0.0.1:5080"],
            AllowMultipleArgumentsPerToken = true,
        };
        targets.Validators.Add(r =>
        {
            foreach (var t in SplitTargets(r.GetValueOrDefault<string[]>() ?? []))
            {
                if (!Uri.TryCreate(t, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                {
                    r.AddError($"--target: '{t}' is not an absolute http(s) URL");
                }
            }
        });
        var apiKey = new Option<string?>("--api-key") { Description = "Site API key sent as X-Api-Key (default: $PERSOACTORS_API_KEY)" };
        var adminKey = new Option<string?>("--admin-api-key") { Description = "Admin API key for the catalog upload (default: $PERSOACTORS_ADMIN_API_KEY, else the site key)" };
        var model = new Option<string>("--model", "-m") { Description = "open (constant arrival rate) or closed (N users with think time)", DefaultValueFactory = _ => "open" };
        model.AcceptOnlyFromAmong("open", "closed");
        var rate = Positive(new Option<double>("--rate", "-r") { Description = "Open model: requests per second", DefaultValueFactory = _ => defaults.Rate });
        var users = Positive(new Option<int>("--users", "-u") { Description = "Closed model: virtual users", DefaultValueFactory = _ => defaults.Users });
        var duration = Duration("--duration", "-d", "Measured duration after ramp-up (30s, 2m, 500ms)", defaults.Duration, allowZero: false);
        var rampUp = Duration("--ramp-up", null, "Ramp-up before measuring (rate or users grow linearly)", defaults.RampUp, allowZero: true);
        var think = Duration("--think-time", null, "Mean pause between two requests of one user (exponential)", defaults.ThinkTime, allowZero: true);
        var seed = Number(new Option<int>("--seed") { Description = "Makes the simulated visits reproducible", DefaultValueFactory = _ => defaults.Seed });
        var scenario = new Option<string>("--scenario")
        {
            Description = "visits (whole shopping visits), or one request per visit on warm customers: recommendations, events, profile",
            DefaultValueFactory = _ => "visits",
        };
        scenario.AcceptOnlyFromAmong("visits", "recommendations", "events", "profile");
        var customers = NonNegative(new Option<int>("--customers") { Description = "Pool of returning customers", DefaultValueFactory = _ => defaults.ReturningCustomers });
        var newUsers = Check(Number(new Option<double>("--new-users") { Description = "Share of visits by first-time users (0–1)", DefaultValueFactory = _ => defaults.NewUserRatio }),
            share => share is >= 0 and <= 1, "--new-users must be between 0 and 1");
        var catalogSize = Positive(new Option<int>("--catalog-size") { Description = "Items in the synthetic catalog", DefaultValueFactory = _ => defaults.CatalogSize });
        var upload = new Option<bool>("--upload-catalog") { Description = "Upload the synthetic catalog (PUT /v1/catalog/items) before the run" };
        var triggerDestination = new Option<string?>("--trigger-destination")
        {
            Description = "Install an abandoned-cart trigger to this webhook destination (Orchestration:Destinations:NAME on the silos) before the run; shoppers granting marketing accept email",
        };
        var triggerDelay = Duration("--trigger-delay", null, "The abandoned-cart trigger's wait after the last cart add", defaults.TriggerDelay, allowZero: true);
        var maxErrorRate = Check(OptionalNumber(new Option<double?>("--max-error-rate")
        {
            Description = "Exit with code 3 when more than this share (0–1) of the measured requests failed (errors, timeouts, 503s); for CI and canaries",
        }), share => share is null or (>= 0 and <= 1), "--max-error-rate must be between 0 and 1");
        var check = new Option<bool>("--check") { Description = "After the run, read back profiles and verify every acknowledged event is present" };
        var checkSample = Positive(new Option<int>("--check-sample") { Description = "Customers to read back with --check", DefaultValueFactory = _ => 200 });
        var ringSize = Positive(new Option<int>("--profile-ring-size") { Description = "Recent events a profile keeps (what --check can verify)", DefaultValueFactory = _ => defaults.ProfileRingSize });
        var timeout = Duration("--timeout", null, "Per-request timeout", defaults.RequestTimeout, allowZero: false);
        var maxInFlight = Positive(new Option<int>("--max-in-flight") { Description = "Open model: outstanding requests beyond which scheduled sends are dropped (and counted)", DefaultValueFactory = _ => defaults.MaxInFlight });
        var connections = Positive(new Option<int>("--connections", "-c")
        {
            Description = "Most open connections per gateway (like wrk's -c); requests beyond them wait for one, and the wait counts in their latency",
            DefaultValueFactory = _ => defaults.Connections,
        });
        var output = new Option<string>("--out", "-o") { Description = "Directory for report.json and report.csv", DefaultValueFactory = _ => defaults.OutputDirectory! };
        var noFiles = new Option<bool>("--no-files") { Description = "Do not write report files" };
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines instead of the live display (automatic when redirected or CI=true)" };

        var root = new RootCommand("PersoActors load driver: simulated shoppers against the gateway, latency percentiles per endpoint.")
        {
            targets, apiKey, adminKey, model, rate, users, duration, rampUp, think, seed, scenario, customers, newUsers, catalogSize,
            upload, triggerDestination, triggerDelay, check, checkSample, ringSize, maxErrorRate, timeout, maxInFlight, connections, output,
            noFiles, plain,
        };
        root.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new LoadTestSettings
            {
                Targets = SplitTargets(parse.GetValue(targets)!).Select(t => new Uri(t)).ToArray(),
                ApiKey = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("PERSOACTORS_API_KEY"),
                AdminApiKey = parse.GetValue(adminKey) ?? Environment.GetEnvironmentVariable("PERSOACTORS_ADMIN_API_KEY"),
                Model = parse.GetValue(model) == "closed" ? LoadModel.Closed : LoadModel.Open,
                Rate = parse.GetValue(rate),
                Users = parse.GetValue(users),
                Duration = parse.GetValue(duration),
                RampUp = parse.GetValue(rampUp),
                ThinkTime = parse.GetValue(think),
                Seed = parse.GetValue(seed),
                Scenario = Enum.Parse<Scenario>(parse.GetValue(scenario)!, ignoreCase: true),
                ReturningCustomers = parse.GetValue(customers),
                NewUserRatio = parse.GetValue(newUsers),
                CatalogSize = parse.GetValue(catalogSize),
                UploadCatalog = parse.GetValue(upload),
                TriggerDestination = parse.GetValue(triggerDestination),
                TriggerDelay = parse.GetValue(triggerDelay),
                CheckSample = parse.GetValue(check) ? parse.GetValue(checkSample) : 0,
                ProfileRingSize = parse.GetValue(ringSize),
                MaxErrorRate = parse.GetValue(maxErrorRate),
                RequestTimeout = parse.GetValue(timeout),
                MaxInFlight = parse.GetValue(maxInFlight),
                Connections = parse.GetValue(connections),
                OutputDirectory = parse.GetValue(noFiles) ? null : parse.GetValue(output),
                PlainOutput = parse.GetValue(plain),
            };
            var outcome = await new LoadTestRunner(settings, CreateConsole(settings.PlainOutput)).RunAsync(cancellationToken);
            return outcome.ExitCode;
        });

        root.Add(CatalogCommand(targets, adminKey));
        root.Add(PrepareCommand(targets, apiKey, adminKey));
        return root;
    }

    private static Command CatalogCommand(Option<string[]> targets, Option<string?> adminKey)
    {
        var size = Positive(new Option<int>("--size") { Description = "Items to generate", DefaultValueFactory = _ => 2_000 });
        var seed = Number(new Option<int>("--seed") { Description = "Generator seed (the run uses its --seed)", DefaultValueFactory = _ => 42 });
        var file = new Option<string?>("--file", "-f") { Description = "Write the catalog as JSON to this file" };
        var upload = new Option<bool>("--upload") { Description = "Upload it to the gateway (PUT /v1/catalog/items)" };
        var command = new Command("catalog", "Generate the synthetic catalog: write it to a file and/or upload it.")
        {
            size, seed, file, upload, targets, adminKey,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var catalog = CatalogGenerator.Generate(parse.GetValue(size), parse.GetValue(seed));
            if (parse.GetValue(file) is { } path)
            {
                // The upload body itself (PUT /v1/catalog/items), so the file can be sent with curl or loaded by a service.
                var body = new Grains.Interfaces.Decisions.CatalogUploadRequest(catalog.Items.Select(GatewayRequests.ToCatalogItem).ToArray());
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(body, new JsonSerializerOptions(JsonSerializerDefaults.Web)
                {
                    WriteIndented = true,
                    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
                }), cancellationToken);
                Console.WriteLine($"wrote {catalog.Items.Count} items to {path}");
            }

            if (!parse.GetValue(upload))
            {
                return 0;
            }

            var key = parse.GetValue(adminKey) ?? Environment.GetEnvironmentVariable("PERSOACTORS_ADMIN_API_KEY");
            using var client = new GatewayClient(SplitTargets(parse.GetValue(targets)!).Select(t => new Uri(t)).ToArray(), key, key, TimeSpan.FromSeconds(30));
            var result = await CatalogUploader.UploadAsync(client, catalog, cancellationToken);
            Console.WriteLine(result.FailedWith is null ? $"uploaded {result.Uploaded} items" : $"upload failed ({result.FailedWith}) after {result.Uploaded} items");
            return result.FailedWith is null ? 0 : 1;
        });
        return command;
    }

    private static Command PrepareCommand(Option<string[]> targets, Option<string?> apiKey, Option<string?> adminKey)
    {
        var customers = Positive(new Option<int>("--customers") { Description = "Customers lt-000000 … to make warm", DefaultValueFactory = _ => 2_000 });
        var events = Check(Positive(new Option<int>("--events") { Description = "Behaviour events per customer (one batch, ≤ 500)", DefaultValueFactory = _ => 50 }),
            count => count <= 500, "--events must be at most 500 (one batch)");
        var concurrency = Positive(new Option<int>("--concurrency") { Description = "Customers prepared at once", DefaultValueFactory = _ => 32 });
        var catalogSize = Positive(new Option<int>("--catalog-size") { Description = "Items in the synthetic catalog", DefaultValueFactory = _ => new LoadTestSettings().CatalogSize });
        var seed = Number(new Option<int>("--seed") { Description = "Catalog and history seed (use the run's --seed)", DefaultValueFactory = _ => new LoadTestSettings().Seed });
        var upload = new Option<bool>("--upload-catalog") { Description = "Upload the synthetic catalog first (a missing endpoint is reported, not an error)" };
        var command = new Command("prepare", "Make customers warm before a benchmark: all consents granted, a context and a behaviour history.")
        {
            customers, events, concurrency, catalogSize, seed, upload, targets, apiKey, adminKey,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var site = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("PERSOACTORS_API_KEY");
            var admin = parse.GetValue(adminKey) ?? Environment.GetEnvironmentVariable("PERSOACTORS_ADMIN_API_KEY");
            using var client = new GatewayClient(SplitTargets(parse.GetValue(targets)!).Select(t => new Uri(t)).ToArray(), site, admin, TimeSpan.FromSeconds(30));
            var catalog = CatalogGenerator.Generate(parse.GetValue(catalogSize), parse.GetValue(seed));
            if (parse.GetValue(upload))
            {
                var uploaded = await CatalogUploader.UploadAsync(client, catalog, cancellationToken);
                Console.WriteLine(uploaded switch
                {
                    { EndpointUnavailable: true } => "catalog: endpoint unavailable (404); customers prepared without it",
                    { FailedWith: { } status } => $"catalog: upload failed with {status} after {uploaded.Uploaded} items",
                    _ => $"catalog: uploaded {uploaded.Uploaded} items",
                });
                if (uploaded is { FailedWith: not null, EndpointUnavailable: false })
                {
                    return 1;
                }
            }

            var result = await Simulation.WarmUp.RunAsync(client, catalog,
                new Simulation.WarmUpSettings(parse.GetValue(customers), parse.GetValue(events), parse.GetValue(concurrency), parse.GetValue(seed)), cancellationToken);
            Console.WriteLine($"prepared {result.Customers} customers ({result.Requests} requests, {result.Failed} failed) in {result.Elapsed.TotalSeconds:F1} s");
            foreach (var (what, count) in result.FailuresByStatus)
            {
                Console.WriteLine($"  failed: {what} × {count}");
            }

            return result.Failed == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>A console without escape codes when plain (redirected, CI), and wide enough that tables do not wrap in log files.</summary>
    public static IAnsiConsole CreateConsole(bool forcePlain)
    {
        var plain = Reporting.LiveProgress.ShouldUsePlainOutput(forcePlain);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (plain)
        {
            console.Profile.Width = 200;
        }

        return console;
    }

    private static IEnumerable<string> SplitTargets(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static Option<TimeSpan> Duration(string name, string? alias, string description, TimeSpan defaultValue, bool allowZero)
    {
        var option = alias is null ? new Option<TimeSpan>(name) : new Option<TimeSpan>(name, alias);
        option.Description = description;
        option.DefaultValueFactory = _ => defaultValue;
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (!DurationParser.TryParse(text, out var value) || (!allowZero && value == TimeSpan.Zero))
            {
                result.AddError($"{name}: '{text}' is not a {(allowZero ? "" : "positive ")}duration (e.g. 30s, 500ms, 2m)");
                return default;
            }

            return value;
        };
        return option;
    }

    private static Option<T> Positive<T>(Option<T> option) where T : struct, INumber<T> =>
        Check(Number(option), value => value > T.Zero, $"{option.Name} must be greater than 0");

    private static Option<T> NonNegative<T>(Option<T> option) where T : struct, INumber<T> =>
        Check(Number(option), value => value >= T.Zero, $"{option.Name} must not be negative");

    /// <summary>Reads the option's value as a finite number in the invariant culture, refusing anything else in the
    /// option's own words (System.CommandLine's message names the .NET type).</summary>
    private static Option<T> Number<T>(Option<T> option) where T : struct, INumber<T>
    {
        option.CustomParser = result => ParseNumber<T>(result, option.Name) ?? default;
        return option;
    }

    /// <inheritdoc cref="Number{T}"/>
    private static Option<T?> OptionalNumber<T>(Option<T?> option) where T : struct, INumber<T>
    {
        option.CustomParser = result => ParseNumber<T>(result, option.Name);
        return option;
    }

    private static T? ParseNumber<T>(ArgumentResult result, string name) where T : struct, INumber<T>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (T.TryParse(text, CultureInfo.InvariantCulture, out var value) && T.IsFinite(value))
        {
            return value;
        }

        result.AddError($"{name}: '{text}' is not {(T.Zero is int or long ? "a whole number" : "a number")}");
        return null;
    }

    /// <summary>Refuses a value of <paramref name="option"/> that <paramref name="isValid"/> rejects. A value that is not
    /// a <typeparamref name="T"/> at all has its parser's error already; reading it here would throw.</summary>
    private static Option<T> Check<T>(Option<T> option, Func<T, bool> isValid, string error)
    {
        option.Validators.Add(r =>
        {
            T value;
            try
            {
                value = r.GetValueOrDefault<T>()!;
            }
            catch (InvalidOperationException)
            {
                return;
            }

            if (!isValid(value))
            {
                r.AddError(error);
            }
        });
        return option;
    }
}

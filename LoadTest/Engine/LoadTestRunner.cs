using System.Globalization;
using System.Diagnostics;
using PersoActors.LoadTest.Api;
using PersoActors.LoadTest.Catalog;
using PersoActors.LoadTest.Check;
using PersoActors.LoadTest.Reporting;
using PersoActors.LoadTest.Simulation;
using Spectre.Console;

namespace PersoActors.LoadTest.Engine;

/// <summary>A whole run: optional catalog upload, the load (open or closed model) with live progress, the
/// optional read-back check, then the report on the console and in report.json / report.csv.</summary>
public sealed class LoadTestRunner(LoadTestSettings settings, IAnsiConsole console, HttpMessageHandler? handler = null)
{
    /// <summary>The exit code when <c>--check</c> found acknowledged events missing.</summary>
    public const int CheckFailedExitCode = 2;

    /// <summary>The exit code when more requests failed than <see cref="LoadTestSettings.MaxErrorRate"/> allows.</summary>
    public const int TooManyErrorsExitCode = 3;

    public async Task<RunOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var catalog = CatalogGenerator.Generate(settings.CatalogSize, settings.Seed);
        using var client = new GatewayClient(settings.Targets, settings.ApiKey, settings.AdminApiKey, settings.RequestTimeout, handler, settings.Connections);
        if (settings.UploadCatalog)
        {
            var upload = await CatalogUploader.UploadAsync(client, catalog, cancellationToken).ConfigureAwait(false);
            console.WriteLine(upload switch
            {
                { EndpointUnavailable: true } => "catalog: the gateway has no catalog endpoint yet (404); running without upload",
                { FailedWith: { } status } => $"catalog: upload failed with {status} after {upload.Uploaded} items; running anyway",
                _ => $"catalog: uploaded {upload.Uploaded} items",
            });
        }

        if (settings.TriggerDestination is { } destination)
        {
            var trigger = await client.SendAsync(GatewayRequests.AbandonedCartTrigger(destination, settings.TriggerDelay), cancellationToken).ConfigureAwait(false);
            if (!trigger.IsSuccess)
            {
                throw new InvalidOperationException(
                    $"triggers: PUT /v1/triggers/{GatewayRequests.AbandonedCartTriggerId} failed with {trigger.StatusKey} (is the destination '{destination}' configured on the silos, and the admin key right?): {System.Text.Encoding.UTF8.GetString(trigger.Body)}");
            }

            console.WriteLine($"triggers: abandoned cart → '{destination}' {settings.TriggerDelay} after the last cart add (purchase cancels); shoppers granting marketing accept email");
        }

        var ledger = new AckLedger(settings.ProfileRingSize);
        var population = new UserPopulation(
            new PopulationSettings(settings.Seed, settings.ReturningCustomers, settings.NewUserRatio, settings.ThinkTime, settings.Scenario,
                AcceptEmail: settings.TriggerDestination is not null), catalog, ledger);
        var metrics = new PhasedMetrics(Stopwatch.GetTimestamp(), settings.RampUp);
        var executor = new StepExecutor(client, metrics);

        Func<long> inFlight;
        Func<Task> run;
        OpenModelRunner? open = null;
        if (settings.Model == LoadModel.Open)
        {
            open = new OpenModelRunner(settings, executor, population);
            inFlight = () => open.InFlight;
            run = () => open.RunAsync(cancellationToken);
        }
        else
        {
            var closed = new ClosedModelRunner(settings, executor, population);
            inFlight = () => closed.ActiveUsers;
            run = () => closed.RunAsync(cancellationToken);
        }

        using (var stopProgress = new CancellationTokenSource())
        {
            var plain = LiveProgress.ShouldUsePlainOutput(settings.PlainOutput);
            var progress = new LiveProgress(console, metrics, population.Counters, settings.RampUp + settings.Duration, inFlight)
                .RunAsync(plain, stopProgress.Token);
            try
            {
                await run().ConfigureAwait(false);
            }
            finally
            {
                await stopProgress.CancelAsync().ConfigureAwait(false);
                await progress.ConfigureAwait(false);
            }
        }

        var measured = Math.Min(settings.Duration.TotalSeconds, Stopwatch.GetElapsedTime(metrics.SteadyStartTimestamp).TotalSeconds);
        CheckReport? check = null;
        if (settings.CheckSample > 0)
        {
            check = await new ProfileChecker(client).CheckAsync(ledger, settings.CheckSample, settings.Seed, CancellationToken.None).ConfigureAwait(false);
        }

        var report = ReportBuilder.Build(settings, startedAt, metrics, measured, population.Counters, client.Availability, open?.Scheduled, check);
        ReportTable.Write(console, report);
        (string Json, string Csv)? files = null;
        if (settings.OutputDirectory is { } directory)
        {
            files = ReportFiles.Write(report, directory);
            console.WriteLine($"report: {files.Value.Json}, {files.Value.Csv}");
        }

        var tooManyErrors = TooManyErrors(report.Total, settings.MaxErrorRate);
        if (tooManyErrors is not null)
        {
            console.WriteLine(tooManyErrors);
        }

        var exitCode = check is { Passed: false } ? CheckFailedExitCode : tooManyErrors is not null ? TooManyErrorsExitCode : 0;
        return new RunOutcome(report, exitCode, files?.Json, files?.Csv);
    }

    /// <summary>The message when more of <paramref name="total"/>'s requests failed than <paramref name="maxErrorRate"/>
    /// allows (a run that measured no request at all has failed too); null otherwise.</summary>
    private static string? TooManyErrors(EndpointReport total, double? maxErrorRate)
    {
        if (maxErrorRate is not { } max)
        {
            return null;
        }

        var rate = total.Requests == 0 ? 1 : (double)total.Errors / total.Requests;
        return rate > max
            ? string.Create(CultureInfo.InvariantCulture, $"error rate {rate:P1} ({total.Errors} of {total.Requests} measured requests) is above --max-error-rate {max:P1}")
            : null;
    }
}

/// <summary>The report, the process exit code (<see cref="LoadTestRunner.CheckFailedExitCode"/>,
/// <see cref="LoadTestRunner.TooManyErrorsExitCode"/> or 0) and the written files.</summary>
public sealed record RunOutcome(RunReport Report, int ExitCode, string? JsonPath, string? CsvPath);

using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PersoActors.Grains.Hosting;

/// <summary>How our executables (gateway, silo) end when their settings or surroundings do not let them start.</summary>
public static class StartFailureExit
{
    /// <summary>The exit code of a process that could not start.</summary>
    public const int CouldNotStart = 1;

    private static int watching;
    private static volatile bool started;

    /// <summary>Until the host has started, a setting its validation refuses, a file, directory or port it cannot use,
    /// or a store it cannot reach ends the process with <see cref="CouldNotStart"/> and one line naming the cause: an
    /// operator's mistake to correct, where an unhandled exception would abort the process with a stack trace, exit code
    /// 134 and perhaps a core dump. Anything else, and anything after the start, still crashes loudly. Only a process's
    /// own unhandled exceptions are concerned: a test host that builds the application catches them itself.</summary>
    public static TBuilder ExitWithMessageWhenStartFails<TBuilder>(this TBuilder builder, string name) where TBuilder : IHostApplicationBuilder
    {
        if (Interlocked.Exchange(ref watching, 1) == 0)
        {
            AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            {
                if (!started && e.ExceptionObject is Exception error && SetupProblem(error) is { } cause)
                {
                    Console.Error.WriteLine($"PersoActors {name} could not start: {cause.Message}");
                    Environment.Exit(CouldNotStart);
                }
            };
        }

        builder.Services.AddHostedService<StartedMarker>();
        return builder;
    }

    /// <summary>The outermost setup problem in the chain of <paramref name="error"/>: client libraries wrap them (the
    /// Azure SDK's retries end in an AggregateException of RequestFailedExceptions over an HttpRequestException over the
    /// SocketException), and the outermost names the most (the endpoint, not only "Connection refused").</summary>
    private static Exception? SetupProblem(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is OptionsValidationException or InvalidDataException or IOException or UnauthorizedAccessException
                or FormatException or DbException or SocketException or HttpRequestException)
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>Marks the start as done once every hosted service (the silo among them) has started.</summary>
    private sealed class StartedMarker : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken)
        {
            started = true;
            return Task.CompletedTask;
        }

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

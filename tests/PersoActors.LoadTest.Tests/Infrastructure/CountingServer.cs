using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PersoActors.LoadTest.Tests.Infrastructure;

/// <summary>A tiny Kestrel app on 127.0.0.1 and a free port that answers every request with 200 "{}" (after an
/// optional delay), records when each request arrived and the most requests it had in progress at once.</summary>
public sealed class CountingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _inProgress;
    private int _maxInProgress;

    private CountingServer(WebApplication app) => _app = app;

    public ConcurrentQueue<(long Timestamp, string Method, string Path)> Arrivals { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public int MaxInProgress => Volatile.Read(ref _maxInProgress);

    public static async Task<CountingServer> StartAsync(TimeSpan? responseDelay = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new CountingServer(app);
        app.Run(async context =>
        {
            server.Arrivals.Enqueue((Stopwatch.GetTimestamp(), context.Request.Method, context.Request.Path.Value ?? ""));
            var now = Interlocked.Increment(ref server._inProgress);
            int seen;
            while (now > (seen = Volatile.Read(ref server._maxInProgress)) && Interlocked.CompareExchange(ref server._maxInProgress, now, seen) != seen)
            {
            }

            try
            {
                if (responseDelay is { } delay)
                {
                    await Task.Delay(delay);
                }

                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{}");
            }
            finally
            {
                Interlocked.Decrement(ref server._inProgress);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PersoActors.Storage.Hosting;

namespace PersoActors.Tests.Shared;

/// <summary>One request as the receiver got it.</summary>
public sealed record ReceivedWebhook(string Body, string? Signature, string? IdempotencyKey, int AnsweredWith);

/// <summary>A real webhook receiver: Kestrel on a free 127.0.0.1 port, answering with the queued status codes
/// (then 200) and recording every request.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Channel<ReceivedWebhook> received = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly Queue<(int Status, string? Location)> statuses = new();
    private bool stallNextBody;
    private readonly Lock gate = new();
    private int count;

    private WebhookReceiver(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        app = builder.Build();
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            (int Status, string? Location) answer;
            bool stall;
            lock (gate)
            {
                answer = statuses.Count > 0 ? statuses.Dequeue() : (200, null);
                (stall, stallNextBody) = (stallNextBody, false);
                count++;
            }

            await received.Writer.WriteAsync(new ReceivedWebhook(body, request.Headers["X-PersoActors-Signature"], request.Headers["Idempotency-Key"], answer.Status));
            if (answer.Location is not null)
            {
                request.HttpContext.Response.Headers.Location = answer.Location;
            }

            if (stall)
            {
                // The status and headers go out; the body never ends (until the client gives up or the receiver stops).
                request.HttpContext.Response.StatusCode = answer.Status;
                await request.HttpContext.Response.WriteAsync("{\"accepted\":", request.HttpContext.RequestAborted);
                await request.HttpContext.Response.Body.FlushAsync(request.HttpContext.RequestAborted);
                await Task.Delay(Timeout.Infinite, request.HttpContext.RequestAborted).ContinueWith(_ => { });
                return Results.Empty;
            }

            return Results.StatusCode(answer.Status);
        });
        Url = $"http://127.0.0.1:{port}/hook";
    }

    public string Url { get; }

    /// <summary>Requests received so far.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return count;
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver(FreePort.On(IPAddress.Loopback));
        await receiver.app.StartAsync();
        return receiver;
    }

    /// <summary>The next requests will be answered with these status codes, in order.</summary>
    public void AnswerNext(params int[] codes)
    {
        lock (gate)
        {
            foreach (var code in codes)
            {
                statuses.Enqueue((code, null));
            }
        }
    }

    /// <summary>The next request will be answered <c>307 Temporary Redirect</c> to <paramref name="location"/>.</summary>
    public void RedirectNext(string location)
    {
        lock (gate)
        {
            statuses.Enqueue((StatusCodes.Status307TemporaryRedirect, location));
        }
    }

    /// <summary>The next request will be answered with its status and the start of a body that never ends.</summary>
    public void StallBodyNext()
    {
        lock (gate)
        {
            stallNextBody = true;
        }
    }

    /// <summary>The next request (the timeout is only a safety net).</summary>
    public async Task<ReceivedWebhook> NextAsync() =>
        await received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

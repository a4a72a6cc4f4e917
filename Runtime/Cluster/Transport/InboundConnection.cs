using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PersoActors.Runtime.Activations;
using PersoActors.Runtime.Calls;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>The serving side of one connection: reads requests, runs them through the silo's
/// inbound handler, and answers in completion order. At most
/// <see cref="ClusterOptions.MaxInFlightPerConnection"/> calls run at once per connection; past it
/// the loop stops reading, so a caller that floods the silo is slowed by TCP flow control.</summary>
internal sealed class InboundConnection(
    IDuplexPipe pipe,
    TransportServerCore server,
    IInboundCallHandler handler,
    GrainMethodRegistry methods,
    ClusterOptions options,
    JsonSerializerOptions json,
    ILogger logger)
{
    private readonly FrameOutbox outbox = new(options.MaxQueuedFrames);
    private readonly SemaphoreSlim inFlight = new(options.MaxInFlightPerConnection, options.MaxInFlightPerConnection);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            using (var handshakeTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token))
            {
                handshakeTimeout.CancelAfter(options.ConnectTimeout);
                await Handshake.AcceptAsync(pipe, options.ClusterId, options.SharedSecret, handshakeTimeout.Token).ConfigureAwait(false);
            }

            var sending = outbox.RunAsync(pipe.Output, stop.Token);
            await ReceiveLoopAsync(stop.Token).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await sending.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception error) when (error is UnauthorizedAccessException or InvalidDataException or IOException)
        {
            logger.LogWarning("Closing inbound connection: {Reason}", error.Message);
        }
        finally
        {
            outbox.Close();
            await pipe.Input.CompleteAsync().ConfigureAwait(false);
            await pipe.Output.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Asks the caller to stop sending on this connection (queued after pending answers).</summary>
    public void GoAway() => SendControl(new FrameBuffer(FrameKind.GoAway, 0).Seal());

    private void SendControl(FrameBuffer frame)
    {
        var sent = outbox.SendAsync(frame);
        if (!sent.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(sent);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var input = pipe.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            while (Frames.TryRead(ref buffer, out var body))
            {
                if (!inFlight.Wait(0))
                {
                    await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                Dispatch(InboundFrame.Parse(body));
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    private void Dispatch(InboundFrame frame)
    {
        if (frame.Kind == FrameKind.Ping)
        {
            inFlight.Release();
            SendControl(new FrameBuffer(FrameKind.Pong, frame.CorrelationId).Seal());
            return;
        }

        if (frame.Kind != FrameKind.Request)
        {
            inFlight.Release();
            return;
        }

        GrainMethod? method = null;
        Task task;
        try
        {
            var request = RequestHeader.Parse(frame.Payload);
            if (server.Draining)
            {
                throw new CallRejectedException("The silo is leaving the cluster.");
            }

            if (!methods.TryGet(request.MethodId, out method))
            {
                throw new NotSupportedException($"This silo implements no grain method with wire id {request.MethodId} (called on {request.GrainId}).");
            }

            task = handler.Handle(request.GrainId, method, PayloadCodec.ReadArguments(request.Arguments, method, json), request.Hops);
        }
        catch (Exception error)
        {
            task = Task.FromException(error);
        }

        var correlationId = frame.CorrelationId;
        server.CallStarted();
        if (task.IsCompleted)
        {
            Respond(correlationId, method, task);
        }
        else
        {
            task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => Respond(correlationId, method, task));
        }
    }

    private void Respond(long correlationId, GrainMethod? method, Task completed)
    {
        FrameBuffer frame;
        try
        {
            if (completed.IsCompletedSuccessfully && method is not null)
            {
                frame = new FrameBuffer(FrameKind.Response, correlationId);
                PayloadCodec.WriteResult(frame, method, completed, json);
            }
            else
            {
                var error = completed.IsCanceled
                    ? new TaskCanceledException("The grain call was canceled.")
                    : completed.Exception!.InnerException!;
                // Failures that mean "not here, try the owner of a newer view" stay retryable for the caller.
                frame = error is CallRejectedException or SiloUnavailableException or SiloStoppingException
                    ? RejectedFrame(correlationId, error.Message)
                    : ErrorFrame(correlationId, error);
            }
        }
        catch (Exception error)
        {
            frame = ErrorFrame(correlationId, error);
        }

        var sent = outbox.SendAsync(frame.Seal());
        inFlight.Release();
        server.CallEnded();
        if (!sent.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(sent);
        }
    }

    private static FrameBuffer ErrorFrame(long correlationId, Exception error)
    {
        var frame = new FrameBuffer(FrameKind.Error, correlationId);
        PayloadCodec.WriteError(frame, error);
        return frame;
    }

    private static FrameBuffer RejectedFrame(long correlationId, string reason)
    {
        var frame = new FrameBuffer(FrameKind.Rejected, correlationId);
        frame.WriteBytes(Encoding.UTF8.GetBytes(reason));
        return frame;
    }

    private static async Task ObserveAsync(ValueTask sent)
    {
        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The connection closed; the caller's side fails its outstanding calls.
        }
    }
}

using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text.Json;
using PersoActors.Runtime.Calls;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>The calling side of one connection to a silo: many concurrent calls multiplexed by
/// correlation id over one duplex pipe.</summary>
internal sealed class OutboundConnection
{
    private readonly IDuplexPipe pipe;
    private readonly FrameOutbox outbox;
    private readonly JsonSerializerOptions json;
    private readonly ConcurrentDictionary<long, Outstanding> outstanding = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> pings = new();
    private readonly CancellationTokenSource closed = new();
    private readonly Timer timeoutSweep;
    private long nextCorrelationId;
    private volatile Exception? closeReason;
    private volatile bool goingAway;

    private OutboundConnection(SiloAddress peer, IDuplexPipe pipe, ClusterOptions options, JsonSerializerOptions json)
    {
        Peer = peer;
        this.pipe = pipe;
        this.json = json;
        outbox = new FrameOutbox(options.MaxQueuedFrames);
        timeoutSweep = new Timer(_ => SweepTimeouts(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
    }

    public SiloAddress Peer { get; }

    /// <summary>True while new calls may be sent on this connection.</summary>
    public bool IsOpen => closeReason is null && !goingAway;

    public int OutstandingCalls => outstanding.Count;

    /// <summary>Performs the handshake and starts the send and receive loops.</summary>
    public static async Task<OutboundConnection> OpenAsync(SiloAddress peer, IDuplexPipe pipe, ClusterOptions options, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        await Handshake.ConnectAsync(pipe, options.ClusterId, options.SharedSecret, cancellationToken).ConfigureAwait(false);
        var connection = new OutboundConnection(peer, pipe, options, json);
        connection.Start();
        return connection;
    }

    public Task Invoke(GrainId grainId, GrainMethod method, object?[] arguments, byte hops, TimeSpan timeout)
    {
        var pending = method.CreatePending(arguments);
        Send(grainId, pending, hops, timeout, null);
        return pending.Task;
    }

    /// <summary>Sends a Ping frame; completes when the peer's Pong arrives, fails when the
    /// connection closes. The caller bounds the wait (a probe that is not answered in time is missed).</summary>
    public Task PingAsync()
    {
        var id = Interlocked.Increment(ref nextCorrelationId);
        var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pings[id] = pong;
        if (closeReason is { } reason)
        {
            pings.TryRemove(id, out _);
            return Task.FromException(reason);
        }

        var sent = outbox.SendAsync(new FrameBuffer(FrameKind.Ping, id).Seal(), closed.Token);
        if (!sent.IsCompletedSuccessfully)
        {
            _ = AwaitPingSentAsync(sent, id);
        }

        return pong.Task;
    }

    /// <summary>Forgets a ping whose caller stopped waiting for it.</summary>
    public void ForgetPing(Task ping)
    {
        foreach (var (id, pong) in pings)
        {
            if (pong.Task == ping)
            {
                pings.TryRemove(id, out _);
                return;
            }
        }
    }

    /// <summary>Sends the call and completes <paramref name="pending"/> with its outcome; failures
    /// that <paramref name="retry"/> accepts are handed to it instead.</summary>
    public void Send(GrainId grainId, PendingCall pending, byte hops, TimeSpan timeout, ICallRetry? retry)
    {
        var method = pending.Method;
        var arguments = pending.Arguments;
        var id = Interlocked.Increment(ref nextCorrelationId);
        FrameBuffer frame;
        try
        {
            frame = new FrameBuffer(FrameKind.Request, id);
            frame.WriteUInt32(method.Id);
            frame.WriteByte(hops);
            frame.WriteShortString(grainId.Type);
            frame.WriteShortString(grainId.Key);
            PayloadCodec.WriteArguments(frame, method, arguments, json);
            frame.Seal();
        }
        catch (Exception error)
        {
            pending.Fail(error);
            return;
        }

        var call = new Outstanding(pending, Environment.TickCount64 + (long)timeout.TotalMilliseconds, grainId, retry);
        frame.Observer = call;
        outstanding[id] = call;
        if (closeReason is { } reason)
        {
            frame.Return();
            FailOutstanding(id, reason);
            return;
        }

        var sent = outbox.SendAsync(frame, closed.Token);
        if (!sent.IsCompletedSuccessfully)
        {
            _ = AwaitSendAsync(sent, id);
        }
    }

    /// <summary>Closes the connection; outstanding calls fail as unavailable (retryable).</summary>
    public void Close(Exception? reason = null)
    {
        var error = new SiloUnavailableException($"Connection to silo {Peer} closed{(reason is null ? "" : $": {reason.Message}")}.", reason);
        if (Interlocked.CompareExchange(ref closeReason, error, null) is not null)
        {
            return;
        }

        closed.Cancel();
        timeoutSweep.Dispose();
        outbox.Close();
        pipe.Input.CancelPendingRead();
        var unknown = new CallOutcomeUnknownException(
            $"The connection to silo {Peer} was lost while the call was in flight; it may or may not have run{(reason is null ? "" : $" ({reason.Message})")}.");
        foreach (var (id, pong) in pings)
        {
            if (pings.TryRemove(id, out _))
            {
                pong.TrySetException(error);
            }
        }

        foreach (var (id, call) in outstanding)
        {
            // A call whose frame never left the queue certainly did not run: it may be retried elsewhere.
            FailOutstanding(id, call.MaybeSent ? unknown : error);
        }
    }

    private void Start()
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await outbox.RunAsync(pipe.Output, closed.Token).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                Close(error);
                return;
            }

            Close();
        });
        _ = Task.Run(ReceiveLoopAsync);
    }

    private async Task ReceiveLoopAsync()
    {
        var input = pipe.Input;
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (Frames.TryRead(ref buffer, out var body))
                {
                    Dispatch(InboundFrame.Parse(body));
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception error)
        {
            failure = error;
        }
        finally
        {
            Close(failure);
            await input.CompleteAsync().ConfigureAwait(false);
            await pipe.Output.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void Dispatch(InboundFrame frame)
    {
        if (frame.Kind == FrameKind.GoAway)
        {
            goingAway = true;
            CloseIfDrained();
            return;
        }

        if (frame.Kind == FrameKind.Pong)
        {
            if (pings.TryRemove(frame.CorrelationId, out var pong))
            {
                pong.TrySetResult();
            }

            return;
        }

        if (!outstanding.TryRemove(frame.CorrelationId, out var call))
        {
            return; // Timed out already.
        }

        try
        {
            Complete(call, frame);
        }
        finally
        {
            CloseIfDrained();
        }
    }

    /// <summary>Takes no new calls and closes once the calls in flight are answered (or time out).</summary>
    public void CloseWhenDrained()
    {
        goingAway = true;
        CloseIfDrained();
    }

    private void CloseIfDrained()
    {
        if (goingAway && outstanding.IsEmpty)
        {
            Close();
        }
    }

    private void Complete(Outstanding call, InboundFrame frame)
    {
        try
        {
            switch (frame.Kind)
            {
                case FrameKind.Response:
                    PayloadCodec.CompleteFromResult(call.Pending, frame.Payload, json);
                    break;
                case FrameKind.Error:
                    call.Fail(PayloadCodec.ReadError(frame.Payload));
                    break;
                case FrameKind.Rejected:
                    call.Fail(new CallRejectedException(System.Text.Encoding.UTF8.GetString(frame.Payload)));
                    break;
                default:
                    call.Fail(new InvalidDataException($"Unexpected {frame.Kind} frame from {Peer}."));
                    break;
            }
        }
        catch (Exception error)
        {
            call.Fail(error);
        }
    }

    private async Task AwaitSendAsync(ValueTask sent, long id)
    {
        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception error)
        {
            FailOutstanding(id, closeReason ?? new SiloUnavailableException($"Could not send to silo {Peer}.", error));
        }
    }

    private async Task AwaitPingSentAsync(ValueTask sent, long id)
    {
        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception error)
        {
            if (pings.TryRemove(id, out var pong))
            {
                pong.TrySetException(closeReason ?? new SiloUnavailableException($"Could not send a ping to silo {Peer}.", error));
            }
        }
    }

    private void FailOutstanding(long id, Exception error)
    {
        if (outstanding.TryRemove(id, out var call))
        {
            call.Fail(error);
        }
    }

    private void SweepTimeouts()
    {
        var now = Environment.TickCount64;
        foreach (var (id, call) in outstanding)
        {
            if (call.Deadline <= now)
            {
                FailOutstanding(id, new GrainCallTimeoutException(
                    $"Call {call.Pending.Method.Name} on {call.GrainId} got no answer from silo {Peer} in time."));
            }
        }

        CloseIfDrained();
    }

    private sealed class Outstanding(PendingCall pending, long deadline, GrainId grainId, ICallRetry? retry) : IFrameSendObserver
    {
        public void Fail(Exception error)
        {
            if (retry is null || !retry.TryRetry(Pending, GrainId, error))
            {
                Pending.Fail(error);
            }
        }

        private volatile bool maybeSent;

        public PendingCall Pending { get; } = pending;

        public long Deadline { get; } = deadline;

        public GrainId GrainId { get; } = grainId;

        public bool MaybeSent => maybeSent;

        public void OnWriting() => maybeSent = true;
    }
}

/// <summary>Takes over a failed remote call when the failure means "try again elsewhere".</summary>
internal interface ICallRetry
{
    /// <summary>Returns true when it took over <paramref name="pending"/> (and will complete it).</summary>
    bool TryRetry(PendingCall pending, GrainId grainId, Exception error);
}

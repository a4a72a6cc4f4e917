using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>The send side of one connection: frames from many threads queue here and one loop
/// copies everything queued into the pipe and flushes once per drained batch, so small frames
/// under load share a syscall. The queue is bounded: when the peer reads slowly the pipe stops
/// flushing, the queue fills and senders wait (backpressure).</summary>
internal sealed class FrameOutbox(int capacity)
{
    private readonly Channel<FrameBuffer> queue = Channel.CreateBounded<FrameBuffer>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Queues a sealed frame; completes at once unless the queue is full.</summary>
    public ValueTask SendAsync(FrameBuffer frame, CancellationToken cancellationToken = default)
    {
        if (queue.Writer.TryWrite(frame))
        {
            return ValueTask.CompletedTask;
        }

        return SendSlowAsync(frame, cancellationToken);
    }

    public async Task RunAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    frame.Observer?.OnWriting();
                    output.Write(frame.Written);
                    frame.Return();
                }

                var flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }
        }
        finally
        {
            Close();
        }
    }

    /// <summary>Stops accepting frames and releases the ones still queued.</summary>
    public void Close()
    {
        queue.Writer.TryComplete();
        while (queue.Reader.TryRead(out var frame))
        {
            frame.Return();
        }
    }

    private async ValueTask SendSlowAsync(FrameBuffer frame, CancellationToken cancellationToken)
    {
        try
        {
            await queue.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            frame.Return();
            throw;
        }
    }
}

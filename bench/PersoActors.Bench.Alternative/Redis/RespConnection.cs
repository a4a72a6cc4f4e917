using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace PersoActors.Bench.Alternative.Redis;

/// <summary>
/// One pipelined connection to Redis speaking RESP2: callers enqueue commands; a writer loop sends every queued
/// command in one write; a reader loop matches replies to commands in order (Redis answers in order on a
/// connection). Enough for GET/SET/PING; no pub/sub, no transactions, no reconnect (a benchmark fails loudly).
/// </summary>
public sealed class RespConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Channel<Command> _outgoing = Channel.CreateUnbounded<Command>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentQueue<TaskCompletionSource<RespReply>> _awaiting = new();
    private readonly Task _writer;
    private readonly Task _reader;

    private RespConnection(Socket socket)
    {
        _socket = socket;
        _writer = Task.Run(WriteLoopAsync);
        _reader = Task.Run(ReadLoopAsync);
    }

    public static async Task<RespConnection> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        return new RespConnection(socket);
    }

    /// <summary>Sends a command (arguments as bulk strings) and completes with its reply.</summary>
    public Task<RespReply> SendAsync(string name, string key, ReadOnlyMemory<byte>? value = null)
    {
        var reply = new TaskCompletionSource<RespReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_outgoing.Writer.TryWrite(new Command(name, key, value, reply)))
        {
            reply.SetException(new IOException("The Redis connection is closed."));
        }

        return reply.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        try
        {
            await _writer.ConfigureAwait(false);
        }
        finally
        {
            _socket.Dispose();
            await _reader.ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                buffer.ResetWrittenCount();
                while (reader.TryRead(out var command))
                {
                    Encode(buffer, command);

                    // Queued before the bytes leave, so the reader always finds the command a reply belongs to.
                    _awaiting.Enqueue(command.Reply);
                }

                var pending = buffer.WrittenMemory;
                while (!pending.IsEmpty)
                {
                    var sent = await _socket.SendAsync(pending, SocketFlags.None).ConfigureAwait(false);
                    pending = pending[sent..];
                }
            }
        }
        catch (Exception error)
        {
            Fail(error);
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[256 * 1024];
        var start = 0;
        var end = 0;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        (end, start) = (end - start, 0);
                    }
                    else
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                }

                var read = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("Redis closed the connection.");
                }

                end += read;
                while (RespParser.TryParse(buffer.AsSpan(start, end - start), out var reply, out var consumed))
                {
                    start += consumed;
                    if (!_awaiting.TryDequeue(out var waiter))
                    {
                        throw new InvalidDataException("A reply arrived for no command.");
                    }

                    waiter.SetResult(reply);
                }

                if (start == end)
                {
                    start = end = 0;
                }
            }
        }
        catch (Exception error)
        {
            Fail(error);
        }
    }

    private void Fail(Exception error)
    {
        _outgoing.Writer.TryComplete(error);
        while (_awaiting.TryDequeue(out var waiter))
        {
            waiter.TrySetException(error);
        }

        while (_outgoing.Reader.TryRead(out var command))
        {
            command.Reply.TrySetException(error);
        }
    }

    private static void Encode(ArrayBufferWriter<byte> buffer, Command command)
    {
        var arguments = command.Value is null ? 2 : 3;
        Header(buffer, (byte)'*', arguments);
        Bulk(buffer, command.Name);
        Bulk(buffer, command.Key);
        if (command.Value is { } value)
        {
            Header(buffer, (byte)'$', value.Length);
            buffer.Write(value.Span);
            buffer.Write("\r\n"u8);
        }
    }

    private static void Bulk(ArrayBufferWriter<byte> buffer, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        Header(buffer, (byte)'$', length);
        Encoding.UTF8.GetBytes(text, buffer.GetSpan(length));
        buffer.Advance(length);
        buffer.Write("\r\n"u8);
    }

    private static void Header(ArrayBufferWriter<byte> buffer, byte kind, int number)
    {
        var span = buffer.GetSpan(16);
        span[0] = kind;
        Utf8Formatter.TryFormat(number, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        buffer.Advance(3 + written);
    }

    private sealed record Command(string Name, string Key, ReadOnlyMemory<byte>? Value, TaskCompletionSource<RespReply> Reply);
}

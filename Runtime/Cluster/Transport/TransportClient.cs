using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersoActors.Runtime.Calls;

namespace PersoActors.Runtime.Cluster.Transport;

/// <summary>Sends calls to other silos: one multiplexed connection per peer, opened on first use,
/// reopened after a failure with exponential backoff (while backing off, calls fail fast with
/// <see cref="SiloUnavailableException"/> so the router can pick another owner).</summary>
internal sealed class TransportClient(
    ISiloConnector connector,
    IOptions<ClusterOptions> options,
    GrainSerializerOptions serializer,
    ILogger<TransportClient> logger) : IAsyncDisposable
{
    private readonly ISiloConnector connector = connector;
    private readonly GrainSerializerOptions serializer = serializer;
    private readonly ILogger logger = logger;
    private readonly ConcurrentDictionary<SiloAddress, PeerLink> links = new();
    private readonly ClusterOptions options = options.Value;

    public Task Invoke(SiloAddress target, GrainId grainId, GrainMethod method, object?[] arguments, byte hops, TimeSpan timeout)
    {
        var link = links.GetOrAdd(target, static (t, self) => new PeerLink(t, self), this);
        if (link.Current is { IsOpen: true } connection)
        {
            return connection.Invoke(grainId, method, arguments, hops, timeout);
        }

        var pending = method.CreatePending(arguments);
        _ = ConnectThenSendAsync(link, pending, grainId, hops, timeout, null);
        return pending.Task;
    }

    /// <summary>Sends a call whose caller already holds <paramref name="pending"/>'s Task.</summary>
    public void Send(SiloAddress target, GrainId grainId, PendingCall pending, byte hops, TimeSpan timeout, ICallRetry retry)
    {
        var link = links.GetOrAdd(target, static (t, self) => new PeerLink(t, self), this);
        if (link.Current is { IsOpen: true } connection)
        {
            connection.Send(grainId, pending, hops, timeout, retry);
            return;
        }

        _ = ConnectThenSendAsync(link, pending, grainId, hops, timeout, retry);
    }

    /// <summary>Pings <paramref name="target"/> over the connection calls use (opening it if
    /// needed); true when its Pong arrived within <paramref name="timeout"/>.</summary>
    public async Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var link = links.GetOrAdd(target, static (t, self) => new PeerLink(t, self), this);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        OutboundConnection? connection = null;
        Task? ping = null;
        try
        {
            connection = await link.GetAsync().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            ping = connection.PingAsync();
            var left = Math.Max(1, deadline - Environment.TickCount64);
            await ping.WaitAsync(TimeSpan.FromMilliseconds(left), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error)
        {
            if (ping is not null)
            {
                connection!.ForgetPing(ping);
            }

            logger.LogDebug("Probe of silo {Silo} missed: {Reason}", target, error.Message);
            return false;
        }
    }

    /// <summary>Closes and forgets connections to silos that left the view.</summary>
    public void Retain(IReadOnlyCollection<SiloAddress> silos)
    {
        foreach (var (address, link) in links)
        {
            if (!silos.Contains(address) && links.TryRemove(address, out _))
            {
                link.Current?.CloseWhenDrained();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var link in links.Values)
        {
            link.Current?.Close();
        }

        links.Clear();
        return ValueTask.CompletedTask;
    }

    private static async Task ConnectThenSendAsync(PeerLink link, PendingCall pending, GrainId grainId, byte hops, TimeSpan timeout, ICallRetry? retry)
    {
        OutboundConnection connection;
        try
        {
            connection = await link.GetAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            if (retry is null || !retry.TryRetry(pending, grainId, error))
            {
                pending.Fail(error);
            }

            return;
        }

        connection.Send(grainId, pending, hops, timeout, retry);
    }

    private sealed class PeerLink(SiloAddress target, TransportClient owner)
    {
        private readonly object gate = new();
        private Task<OutboundConnection>? connecting;
        private long retryAt;
        private TimeSpan backoff;

        public OutboundConnection? Current { get; private set; }

        public Task<OutboundConnection> GetAsync()
        {
            lock (gate)
            {
                if (Current is { IsOpen: true } open)
                {
                    return Task.FromResult(open);
                }

                if (connecting is not null)
                {
                    return connecting;
                }

                if (Environment.TickCount64 < retryAt)
                {
                    return Task.FromException<OutboundConnection>(new SiloUnavailableException(
                        $"Silo {target} is unreachable (next reconnect attempt in {retryAt - Environment.TickCount64} ms)."));
                }

                return connecting = ConnectAsync();
            }
        }

        private async Task<OutboundConnection> ConnectAsync()
        {
            await Task.Yield();
            try
            {
                using var timeout = new CancellationTokenSource(owner.options.ConnectTimeout);
                var pipe = await owner.connector.ConnectAsync(target, timeout.Token).ConfigureAwait(false);
                var connection = await OutboundConnection.OpenAsync(target, pipe, owner.options, owner.serializer.Options, timeout.Token).ConfigureAwait(false);
                lock (gate)
                {
                    Current = connection;
                    backoff = TimeSpan.Zero;
                    connecting = null;
                }

                return connection;
            }
            catch (Exception error)
            {
                lock (gate)
                {
                    backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, owner.options.MaxReconnectBackoff.Ticks));
                    retryAt = Environment.TickCount64 + (long)backoff.TotalMilliseconds;
                    connecting = null;
                }

                owner.logger.LogDebug("Connecting to silo {Silo} failed: {Reason}", target, error.Message);
                throw error as UnauthorizedAccessException as Exception
                    ?? new SiloUnavailableException($"Could not connect to silo {target}: {error.Message}", error);
            }
        }
    }
}

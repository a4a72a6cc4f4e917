using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace PersoActors.Runtime.State;

/// <summary>Grain state in one SQLite file (WAL mode, created on first use): a row per state, plus journal rows
/// appended after it. All writes go through one writer that commits everything queued so far in a single
/// transaction (group commit), so many concurrent grains share one fsync instead of paying one each.</summary>
public sealed class SqliteGrainStorage : IGrainStorage, IAsyncDisposable
{
    private const int MaxBatch = 2048;

    private readonly string connectionString;
    private readonly Channel<StorageWrite> writes = Channel.CreateUnbounded<StorageWrite>(new() { SingleReader = true });
    private readonly Task writer;
    private readonly ConcurrentBag<SqliteStateReader> readers = [];
    private volatile bool disposed;
    private long commits;
    private long operations;

    public SqliteGrainStorage(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using (var connection = Open())
        {
            Execute(connection, """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS grain_state (
                    grain_type TEXT NOT NULL,
                    grain_key  TEXT NOT NULL,
                    state_name TEXT NOT NULL,
                    version    INTEGER NOT NULL,
                    data       BLOB NOT NULL,
                    PRIMARY KEY (grain_type, grain_key, state_name)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS grain_journal (
                    grain_type TEXT NOT NULL,
                    grain_key  TEXT NOT NULL,
                    state_name TEXT NOT NULL,
                    seq        INTEGER NOT NULL,
                    data       BLOB NOT NULL,
                    PRIMARY KEY (grain_type, grain_key, state_name, seq)) WITHOUT ROWID;
                """);
        }

        // A dedicated thread: commits block on fsync, which must not starve the thread pool that runs grains.
        writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public Task<StoredState?> ReadAsync(GrainId grainId, string stateName)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!readers.TryTake(out var reader))
        {
            reader = new SqliteStateReader(connectionString);
        }

        try
        {
            return Task.FromResult(reader.Read(grainId, stateName));
        }
        finally
        {
            if (disposed)
            {
                reader.Dispose();
            }
            else
            {
                readers.Add(reader);
            }
        }
    }

    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedETag, StateWriteMode mode) =>
        Enqueue(StorageWrite.Put(grainId, stateName, data, expectedETag, mode));

    public Task<string> AppendAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> entry, string expectedETag) =>
        Enqueue(StorageWrite.Append(grainId, stateName, entry, expectedETag));

    public Task ClearAsync(GrainId grainId, string stateName, string? expectedETag) =>
        Enqueue(StorageWrite.Remove(grainId, stateName, expectedETag));

    /// <summary>Transactions committed so far, and the writes, appends and deletes they carried (for benchmarks and monitoring).</summary>
    public (long Commits, long Operations) GroupCommits => (Interlocked.Read(ref commits), Interlocked.Read(ref operations));

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        writes.Writer.TryComplete();
        await writer.ConfigureAwait(false);
        while (readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        SqliteConnection.ClearPool(new SqliteConnection(connectionString));
    }

    private Task<string> Enqueue(StorageWrite write)
    {
        if (!writes.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteGrainStorage));
        }

        return write.Completion.Task;
    }

    private void WriteLoop()
    {
        using var connection = Open();
        var batch = new List<StorageWrite>(MaxBatch);
        while (writes.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && writes.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            CommitBatch(connection, batch);
            Interlocked.Increment(ref commits);
            Interlocked.Add(ref operations, batch.Count);
            batch.Clear();
        }
    }

    private static void CommitBatch(SqliteConnection connection, List<StorageWrite> batch)
    {
        var results = new object[batch.Count];
        try
        {
            using (var transaction = connection.BeginTransaction(deferred: false))
            using (var statements = new SqliteStatements(connection, transaction))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    results[i] = statements.Apply(batch[i]);
                }

                transaction.Commit();
            }

            if (batch.Exists(write => write.Scrub) && !TruncateWal(connection))
            {
                // Committed, but old images may remain in the WAL: the caller must not be told it is scrubbed.
                for (var i = 0; i < batch.Count; i++)
                {
                    results[i] = batch[i].Scrub ? new IOException("The write was committed but could not be scrubbed from the WAL (readers kept it busy); repeat it.") : results[i];
                }
            }
        }
        catch (Exception error)
        {
            StorageWrite.FailAll(batch, error);
            return;
        }

        StorageWrite.Settle(batch, results);
    }

    /// <summary>Superseded pages are zeroed by secure_delete, but their old images stay in the WAL
    /// until a checkpoint copies them back and truncates it. Returns false if readers kept it busy.</summary>
    private static bool TruncateWal(SqliteConnection connection)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            using var reader = command.ExecuteReader();
            if (reader.Read() && reader.GetInt32(0) == 0)
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return false;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // synchronous=FULL: an acknowledged write survives power loss, not only a killed process.
        Execute(connection, "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA busy_timeout = 10000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Orleans.Storage;
using PersoActors.Storage.Sql;

namespace PersoActors.Storage;

/// <summary>Grain state in one SQLite file (WAL mode, created on first use): a row per state in <c>grain_state</c>,
/// plus rows appended after it in <c>grain_journal</c>, keyed by (grain_type, grain_key, state_name). All writes go
/// through one writer thread that commits everything queued so far in a single transaction (group commit), so many
/// concurrent grains share one fsync instead of paying one each. A write completes only once its transaction is
/// durable (<c>synchronous=FULL</c>); if the transaction fails, every write of its batch fails and none is stored.
/// Several silos (or processes) may open the same file.</summary>
public sealed class SqliteGrainStorage : GroupCommittedGrainStorage, IAsyncDisposable, IDisposable
{
    private const int MaxBatch = 2048;

    private readonly string connectionString;
    private readonly Task writer;
    private readonly ConcurrentBag<SqliteStateReader> readers = [];
    private volatile bool disposed;

    /// <summary>Opens (or creates) the database at <paramref name="path"/> and starts its writer.</summary>
    public SqliteGrainStorage(string path, IGrainStorageSerializer? serializer = null) : base(MaxBatch, serializer)
    {
        Path = System.IO.Path.GetFullPath(path);
        SqliteFiles.RefuseIfNotDatabase(Path);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        using (var connection = Open())
        {
            SqliteStateSchema.Ensure(connection);
        }

        // A dedicated thread: commits block on fsync, which must not starve the thread pool that runs grains.
        writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The database file (its WAL is this path + "-wal").</summary>
    public string Path { get; }

    /// <summary>Stops accepting writes, waits for the queued ones to commit, and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        disposed = true;
        Queue.Complete();
        await writer.ConfigureAwait(false);
        while (readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        SqliteConnection.ClearPool(new SqliteConnection(connectionString));
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    // An append adds the journal entry after the one of its ETag (see SqliteStatements).
    private protected override string? PredictAppendETag(string expectedETag) =>
        StateVersion.Parse(expectedETag) is { Row: >= 0 } read ? (read with { Journal = read.Journal + 1 }).ToString() : null;

    private protected override Task<StoredRecord?> ReadRecordAsync(RecordKey key)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!readers.TryTake(out var reader))
        {
            reader = new SqliteStateReader(connectionString);
        }

        try
        {
            return Task.FromResult(reader.Read(key));
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

    private void WriteLoop()
    {
        // The writer's own connection and statements, prepared once and reused by every transaction.
        SqliteConnection? connection = null;
        SqliteStatements? statements = null;
        var batch = new List<StorageWrite>(MaxBatch);
        try
        {
            while (Queue.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                Queue.Fill(batch);
                if (batch.Count > 0)
                {
                    if (CommitBatch(ref connection, ref statements, batch))
                    {
                        Queue.Committed(batch);
                    }

                    batch.Clear();
                }

                Queue.ParkIfHeldAsync().GetAwaiter().GetResult();
            }
        }
        finally
        {
            statements?.Dispose();
            connection?.Dispose();
        }
    }

    /// <summary>Commits a batch in one transaction and settles its writes; false (every write failed) if it did not commit.</summary>
    private bool CommitBatch(ref SqliteConnection? connection, ref SqliteStatements? statements, List<StorageWrite> batch)
    {
        var results = new object[batch.Count];
        try
        {
            connection ??= Open();
            statements ??= new SqliteStatements(connection);
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                statements.Use(transaction);
                for (var i = 0; i < batch.Count; i++)
                {
                    var write = batch[i];
                    results[i] = write.Outcome(write.FollowsFailure ? write.Conflict() : statements.Apply(write));
                }

                transaction.Commit();
            }
        }
        catch (Exception error)
        {
            StorageWrite.FailAll(batch, error);
            // The next batch starts from a fresh connection, whatever state this one was left in.
            statements?.Dispose();
            statements = null;
            connection?.Dispose();
            connection = null;
            return false;
        }

        if (batch.Exists(write => write.Scrub) && !TruncateWal(connection))
        {
            // Committed, but old images may remain in the WAL: the caller must not be told it is scrubbed.
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = batch[i].Scrub
                    ? new StoreUnavailableException(StoreUnavailableException.Busy, "The change was stored but could not be scrubbed from the store's files yet (readers kept the WAL busy); repeat it.")
                    : results[i];
            }
        }

        StorageWrite.Settle(batch, results);
        return true;
    }

    /// <summary>Superseded pages are zeroed by secure_delete, but their old images stay in the WAL until a checkpoint
    /// copies them back and truncates it. Returns false if readers kept it busy.</summary>
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

            // A reader of another connection is still on an old snapshot; it finishes within milliseconds.
            Thread.Sleep(50);
        }

        return false;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // synchronous=FULL: an acknowledged write survives power loss, not only a killed process. A 32 MB page cache
        // (SQLite's default is 2 MB): each append looks up a random customer's state and journal pages, and re-reading
        // them from the OS cost a tenth of the CPU of a single-event append (perf, 20,000 customers). temp_store=MEMORY:
        // a RETURNING clause collects its rows in a temporary table, by default a file, and several statements of every
        // write return their row (storage-only appends: 38k -> 51k/s); no personal data goes to temporary files either.
        Execute(connection, "PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

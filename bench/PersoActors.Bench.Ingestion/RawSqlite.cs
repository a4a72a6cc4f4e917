using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace PersoActors.Bench.Ingestion;

/// <summary>The store's ceiling: one thread inserting rows of a given size in group commits, with the pragmas of
/// the silo's SQLite storage (WAL, synchronous=FULL, secure_delete), no Orleans and no grains.</summary>
internal static class RawSqlite
{
    public sealed record Result(int RowBytes, int RowsPerCommit, double RowsPerSecond, long Commits)
    {
        public override string ToString() =>
            $"{"raw SQLite inserts, " + RowBytes + " B rows, " + RowsPerCommit + "/commit",-50} {RowsPerSecond,10:N0} rows/s";
    }

    public static Result Measure(string path, int rowBytes, int rowsPerCommit, TimeSpan duration)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, """
            PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;
            CREATE TABLE rows (k TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (k, seq)) WITHOUT ROWID;
            """);
        var payload = new byte[rowBytes];
        new Random(1).NextBytes(payload);
        var rows = 0L;
        var sequence = 0L;
        var commits = 0L;
        var warmupUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        var started = 0L;
        var stopAt = long.MaxValue;
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            using (var transaction = connection.BeginTransaction(deferred: false))
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO rows VALUES ($k, $s, $d)";
                var k = insert.Parameters.Add("$k", SqliteType.Text);
                var s = insert.Parameters.Add("$s", SqliteType.Integer);
                insert.Parameters.Add("$d", SqliteType.Blob).Value = payload;
                insert.Prepare();
                for (var i = 0; i < rowsPerCommit; i++, rows++)
                {
                    k.Value = "customer-" + (sequence % 20_000);
                    s.Value = sequence++;
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
                commits++;
            }

            if (started == 0 && Stopwatch.GetTimestamp() >= warmupUntil)
            {
                started = Stopwatch.GetTimestamp();
                stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
                rows = 0;
            }
        }

        return new Result(rowBytes, rowsPerCommit, rows / Stopwatch.GetElapsedTime(started).TotalSeconds, commits);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

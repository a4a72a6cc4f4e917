using Microsoft.Data.Sqlite;
using PersoActors.Storage.Tests.Infrastructure;

namespace PersoActors.Storage.Tests.Faults;

/// <summary>The mapping of real store errors to <see cref="StoreUnavailableException"/>, on real SQLite files.</summary>
public sealed class StoreFaultsTests
{
    [Fact]
    public void A_write_to_a_database_opened_read_only_is_a_read_only_fault()
    {
        using var directory = new TempDirectory();
        var path = directory.File("ro.db");
        using (var create = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            create.Open();
            using var table = create.CreateCommand();
            table.CommandText = "CREATE TABLE t (x INTEGER)";
            table.ExecuteNonQuery();
        }

        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO t VALUES (1)";
        var error = Assert.Throws<SqliteException>(() => insert.ExecuteNonQuery());

        var fault = StoreFaults.Classify(error);

        Assert.NotNull(fault);
        Assert.Equal(StoreUnavailableException.ReadOnly, fault.Reason);
        Assert.DoesNotContain(path, fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conflicts_and_bugs_are_no_store_faults()
    {
        Assert.Null(StoreFaults.Classify(new Orleans.Storage.InconsistentStateException("stale", "1", "2")));
        Assert.Null(StoreFaults.Classify(new InvalidOperationException("a bug")));
        Assert.Null(StoreFaults.Classify(new SqliteException("constraint", 19)));
    }

    [Fact]
    public void Transport_failures_inside_any_client_exception_are_unreachable_faults()
    {
        // How Azure's RequestFailedException (status 0) reports a stopped Azurite: the transport error is inside.
        var wrapped = new InvalidOperationException("request failed", new HttpRequestException("Connection refused", new System.Net.Sockets.SocketException(111)));

        Assert.Equal(StoreUnavailableException.Unreachable, StoreFaults.Classify(wrapped)?.Reason);
        Assert.Equal(StoreUnavailableException.Full, StoreFaults.Classify(new SqliteException("database or disk is full", 13))?.Reason);
    }
}

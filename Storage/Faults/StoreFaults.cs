using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PersoActors.Storage;

/// <summary>Tells a store fault (disk full, read-only, server down: the request was fine, the store was not) from
/// anything else, so every store maps its own exceptions to one <see cref="StoreUnavailableException"/>. Known types
/// first (SQLite result codes, PostgreSQL SQLSTATE classes); then, for any client library, the transport failures
/// found anywhere in the exception chain (sockets, I/O, timeouts, HTTP), which is how Azure's
/// <c>RequestFailedException</c> reports a stopped Azurite (status 0 with an <c>HttpRequestException</c> inside).
/// Azure answers with HTTP status 5xx are recognised by name, so this assembly needs no Azure reference.</summary>
public static class StoreFaults
{
    // SQLite primary result codes (sqlite.org/rescode.html).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteNoMemory = 7;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;

    /// <summary>The <see cref="StoreUnavailableException"/> for <paramref name="error"/>, or null if it is no store
    /// fault (a conflict, a bug, bad data: those keep their own exception).</summary>
    public static StoreUnavailableException? Classify(Exception error)
    {
        if (error is StoreUnavailableException already)
        {
            return already;
        }

        var reason = ReasonOf(error);
        return reason is null ? null : new StoreUnavailableException(reason, Describe(reason));
    }

    /// <summary>The message API clients see for <paramref name="reason"/>.</summary>
    public static string Describe(string reason) => reason switch
    {
        StoreUnavailableException.Full => "The store is out of space; the change was not stored.",
        StoreUnavailableException.ReadOnly => "The store accepts no writes (read-only); the change was not stored.",
        StoreUnavailableException.Unreachable => "The store is down or unreachable; the change was not stored.",
        StoreUnavailableException.Busy => "The store is locked by another writer; the change was not stored.",
        _ => "The store failed to read or write (I/O error); the change was not stored.",
    };

    private static string? ReasonOf(Exception error)
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            var reason = current switch
            {
                SqliteException sqlite => Sqlite(sqlite.SqliteErrorCode),
                PostgresException postgres => Postgres(postgres.SqlState),
                NpgsqlException { IsTransient: true } => StoreUnavailableException.Unreachable,
                SocketException or TimeoutException or HttpRequestException => StoreUnavailableException.Unreachable,
                IOException io when IsDiskFull(io) => StoreUnavailableException.Full,
                IOException or UnauthorizedAccessException => StoreUnavailableException.IoError,
                _ when IsAzureServerFault(current) => StoreUnavailableException.Unreachable,
                _ => null,
            };
            if (reason is not null)
            {
                return reason;
            }

            if (current is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return ReasonOf(aggregate.InnerExceptions[0]);
            }
        }

        return null;
    }

    private static string? Sqlite(int code) => (code & 0xFF) switch
    {
        SqliteFull => StoreUnavailableException.Full,
        SqliteReadOnly => StoreUnavailableException.ReadOnly,
        SqliteBusy or SqliteLocked => StoreUnavailableException.Busy,
        SqliteIoError or SqliteCantOpen or SqliteNoMemory => StoreUnavailableException.IoError,
        _ => null,
    };

    /// <summary>SQLSTATE classes of the server's state, not the request's: 08 connection, 53 resources (53100 disk
    /// full), 57P admin/crash shutdown, 25006 read-only transaction (a hot standby).</summary>
    private static string? Postgres(string state) => state switch
    {
        "53100" => StoreUnavailableException.Full,
        "25006" => StoreUnavailableException.ReadOnly,
        _ when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal) => StoreUnavailableException.Unreachable,
        _ when state.StartsWith("53", StringComparison.Ordinal) => StoreUnavailableException.Busy,
        _ => null,
    };

    private static bool IsDiskFull(IOException error) =>
        error.HResult is 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027); // ENOSPC, ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL

    /// <summary>Azure.RequestFailedException with status 0 (no answer) or 5xx (the service's own fault), by name.</summary>
    private static bool IsAzureServerFault(Exception error) =>
        error.GetType().FullName == "Azure.RequestFailedException"
        && error.GetType().GetProperty("Status")?.GetValue(error) is int status
        && (status == 0 || status >= 500);
}

namespace PersoActors.Storage.Sql;

/// <summary>What every SQLite table of ours checks before it opens its file.</summary>
internal static class SqliteFiles
{
    private static ReadOnlySpan<byte> Header => "SQLite format 3\0"u8;

    /// <summary>Refuses <paramref name="path"/> when it holds something other than a SQLite database, reading it
    /// only: SQLite's own error ("file is not a database") names no file, and an operator who pointed a setting at the
    /// wrong one must learn which. A missing or empty file is fine: SQLite creates the database in it.</summary>
    public static void RefuseIfNotDatabase(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        Span<byte> start = stackalloc byte[Header.Length];
        int read;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }

        if (read > 0 && !start[..read].SequenceEqual(Header))
        {
            throw new InvalidDataException(
                $"{path} is not a SQLite database (it does not start with SQLite's header), so it is left untouched and not used. " +
                "Point the setting at the database file, or move this file away to start an empty database there.");
        }
    }
}

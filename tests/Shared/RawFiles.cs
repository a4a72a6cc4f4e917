using System.Text;

namespace PersoActors.Tests.Shared;

/// <summary>Greps the raw bytes of a SQLite database and its WAL, the way an auditor would.</summary>
public static class RawFiles
{
    /// <summary>True when the raw bytes of the database file or its WAL contain <paramref name="marker"/>.</summary>
    public static bool Contain(string databasePath, string marker)
    {
        var needle = Encoding.UTF8.GetBytes(marker);
        return new[] { databasePath, databasePath + "-wal" }.Where(File.Exists).Any(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.GetBuffer().AsSpan(0, (int)copy.Length).IndexOf(needle) >= 0;
        });
    }
}

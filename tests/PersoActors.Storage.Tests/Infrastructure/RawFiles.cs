using System.Text;

namespace PersoActors.Storage.Tests.Infrastructure;

/// <summary>Greps the raw bytes of a SQLite database and its WAL, the way an auditor would.</summary>
public static class RawFiles
{
    public static bool Contain(string databasePath, string marker)
    {
        var needle = Encoding.UTF8.GetBytes(marker);
        return new[] { databasePath, databasePath + "-wal" }.Where(File.Exists).Any(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray().AsSpan().IndexOf(needle) >= 0;
        });
    }
}

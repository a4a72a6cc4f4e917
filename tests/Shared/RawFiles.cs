using System.Text;

namespace PersoActors.Tests.Shared;

/// <summary>Greps the raw bytes of a SQLite database and its WAL, the way an auditor would: for the text as it is, and
/// for the text inside Base64 (a stored snapshot keeps its events as a binary entry in Base64).</summary>
public static class RawFiles
{
    /// <summary>True when the raw bytes of the database file or its WAL contain <paramref name="marker"/>, as UTF-8 or
    /// Base64-encoded within a longer value.</summary>
    public static bool Contain(string databasePath, string marker)
    {
        var needles = Needles(Encoding.UTF8.GetBytes(marker));
        return new[] { databasePath, databasePath + "-wal" }.Where(File.Exists).Any(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.GetBuffer().AsMemory(0, (int)copy.Length);
            return needles.Any(needle => bytes.Span.IndexOf(needle) >= 0);
        });
    }

    /// <summary>The text itself, and the Base64 characters that its bytes alone determine at each of the three
    /// offsets it may start at within an encoded value (3 bytes make 4 characters, so the group the text starts in
    /// and the one it ends in also depend on its neighbours and are left out).</summary>
    private static byte[][] Needles(byte[] text)
    {
        var needles = new List<byte[]> { text };
        for (var skip = 0; skip < 3; skip++)
        {
            var whole = (text.Length - skip) / 3 * 3;
            if (whole >= 6)
            {
                needles.Add(Encoding.ASCII.GetBytes(Convert.ToBase64String(text, skip, whole)));
            }
        }

        return [.. needles];
    }
}

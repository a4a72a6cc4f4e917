using System.Diagnostics;

namespace PersoActors.Gateway.Tests.Infrastructure;

/// <summary>A real, small file system (tmpfs of a few MiB) that a test can fill up and free again, to put the
/// gateway's SQLite file on a disk that runs out of space. Mounting needs root (CI containers run as root); where the
/// test process may not mount, <see cref="TryMount"/> returns null and says why.</summary>
public sealed class SmallDisk : IDisposable
{
    private readonly string filler;

    private SmallDisk(string path)
    {
        Path = path;
        filler = System.IO.Path.Combine(path, "filler.bin");
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB, or returns null with the reason.</summary>
    public static SmallDisk? TryMount(int megabytes, out string? whyNot)
    {
        var path = Directory.CreateTempSubdirectory("persoactors-smalldisk-").FullName;
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0777", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            whyNot = $"cannot mount a tmpfs (needs root): {output.Trim()}";
            return null;
        }

        whyNot = null;
        return new SmallDisk(path);
    }

    /// <summary>Writes a file until the file system has no space left.</summary>
    public void Fill()
    {
        using var stream = new FileStream(filler, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                stream.Write(chunk);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: full. Fill the last partial chunk too.
        }

        var small = new byte[512];
        try
        {
            while (true)
            {
                stream.Write(small);
                stream.Flush();
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Deletes the filler: the space is back.</summary>
    public void Free() => File.Delete(filler);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("umount", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (int Code, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return (-1, error.Message);
        }
    }
}

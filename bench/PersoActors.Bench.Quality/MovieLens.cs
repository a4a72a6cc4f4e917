using System.Globalization;

namespace PersoActors.Bench.Quality;

/// <summary>One rating of ratings.csv.</summary>
public readonly record struct Rating(int User, int Movie, float Stars, long Timestamp);

/// <summary>One movie of movies.csv.</summary>
public sealed record Movie(int Id, string Title, string[] Genres);

/// <summary>A MovieLens directory (ml-latest-small layout: ratings.csv userId,movieId,rating,timestamp and
/// movies.csv movieId,title,genres with '|'-separated genres).</summary>
public sealed record MovieLens(IReadOnlyList<Rating> Ratings, IReadOnlyDictionary<int, Movie> Movies)
{
    /// <summary>Where the data lives relative to the repository root (CI has ../shared beside the clone).</summary>
    public const string RelativePath = "../shared/data/movielens-small";

    /// <summary>The data directory: <paramref name="explicitPath"/>, or <see cref="RelativePath"/> from the repository
    /// root found above <paramref name="start"/> (the directory holding PersoActors.sln).</summary>
    public static string Locate(string start, string? explicitPath = null)
    {
        if (explicitPath is not null)
        {
            return Directory.Exists(explicitPath) ? explicitPath : throw Missing(Path.GetFullPath(explicitPath));
        }

        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PersoActors.sln")))
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, RelativePath));
                return File.Exists(Path.Combine(path, "ratings.csv")) ? path : throw Missing(path);
            }
        }

        throw new DirectoryNotFoundException($"No PersoActors.sln above {start}: cannot find the repository root, so not {RelativePath} either.");
    }

    public static MovieLens Load(string directory)
    {
        var ratings = new List<Rating>(110_000);
        foreach (var line in File.ReadLines(Path.Combine(directory, "ratings.csv")).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length >= 4)
            {
                ratings.Add(new Rating(Int(f[0]), Int(f[1]), float.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture)));
            }
        }

        var movies = new Dictionary<int, Movie>();
        foreach (var line in File.ReadLines(Path.Combine(directory, "movies.csv")).Skip(1))
        {
            var first = line.IndexOf(',');
            var last = line.LastIndexOf(',');
            if (first < 0 || last <= first)
            {
                continue;
            }

            var id = Int(line[..first]);
            var title = line[(first + 1)..last].Trim('"');
            var genres = line[(last + 1)..].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            movies[id] = new Movie(id, title, genres.Length == 0 ? ["(no genres listed)"] : genres);
        }

        return new MovieLens(ratings, movies);
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static FileNotFoundException Missing(string path) => new(
        $"MovieLens data not found at {path} (expected ratings.csv and movies.csv). The quality benchmark reads " +
        $"{RelativePath} relative to the repository root: put the shared data directory beside the clone.");
}

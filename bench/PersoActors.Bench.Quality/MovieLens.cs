namespace PersoActors.Bench.Quality;

/// <summary>One rating.</summary>
public readonly record struct Rating(int User, int Movie, float Stars, long Timestamp);

/// <summary>One movie.</summary>
public sealed record Movie(int Id, string Title, string[] Genres);

/// <summary>A MovieLens release: ratings (user, movie, stars, Unix time) and movies (id, title, genres).</summary>
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
                return MovieLensLayouts.Recognises(path) ? path : throw Missing(path);
            }
        }

        throw new DirectoryNotFoundException($"No PersoActors.sln above {start}: cannot find the repository root, so not {RelativePath} either.");
    }

    /// <summary>Reads <paramref name="directory"/> in whichever MovieLens layout it holds (see <see cref="MovieLensLayouts"/>).</summary>
    public static MovieLens Load(string directory)
    {
        var (ratings, movies) = MovieLensLayouts.Read(directory);
        return new MovieLens(ratings, movies);
    }

    private static FileNotFoundException Missing(string path) => new(
        $"MovieLens data not found at {path} (expected {MovieLensLayouts.Expected}). The quality benchmark reads " +
        $"{RelativePath} relative to the repository root: put the shared data directory beside the clone.");
}

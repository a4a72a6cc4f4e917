using System.Globalization;
using System.Text;

namespace PersoActors.Bench.Quality;

/// <summary>The file layouts GroupLens has published MovieLens in, so a held-out MovieLens release can be measured as
/// it is downloaded: CSV (ml-latest-small, ml-latest, ml-20m/25m/32m), "::"-separated .dat files (ml-1m, ml-10m) and
/// the tab- and '|'-separated files of ml-100k.</summary>
internal static class MovieLensLayouts
{
    /// <summary>The files that identify each layout, for error messages.</summary>
    public const string Expected = "ratings.csv + movies.csv, ratings.dat + movies.dat, or u.data + u.item + u.genre";

    // ml-1m's and ml-100k's files are ISO-8859-1; a UTF-8 file read this way keeps its ids and numbers intact.
    private static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>Whether <paramref name="directory"/> holds one of the layouts.</summary>
    public static bool Recognises(string directory) =>
        Has(directory, "ratings.csv", "movies.csv") || Has(directory, "ratings.dat", "movies.dat") || Has(directory, "u.data", "u.item", "u.genre");

    public static (List<Rating> Ratings, Dictionary<int, Movie> Movies) Read(string directory)
    {
        if (Has(directory, "ratings.csv", "movies.csv"))
        {
            return (Ratings(Path.Combine(directory, "ratings.csv"), Encoding.UTF8, skipHeader: true, line => line.Split(',')),
                CsvMovies(Path.Combine(directory, "movies.csv")));
        }

        if (Has(directory, "ratings.dat", "movies.dat"))
        {
            return (Ratings(Path.Combine(directory, "ratings.dat"), Latin1, skipHeader: false, line => line.Split("::")),
                DatMovies(Path.Combine(directory, "movies.dat")));
        }

        if (Has(directory, "u.data", "u.item", "u.genre"))
        {
            return (Ratings(Path.Combine(directory, "u.data"), Latin1, skipHeader: false, line => line.Split('\t')),
                Ml100kMovies(Path.Combine(directory, "u.item"), Path.Combine(directory, "u.genre")));
        }

        throw new FileNotFoundException($"No MovieLens files in {Path.GetFullPath(directory)}: expected {Expected}.");
    }

    private static bool Has(string directory, params string[] files) => files.All(f => File.Exists(Path.Combine(directory, f)));

    private static List<Rating> Ratings(string path, Encoding encoding, bool skipHeader, Func<string, string[]> fields)
    {
        var ratings = new List<Rating>(110_000);
        foreach (var (number, line) in DataLines(path, encoding, skipHeader))
        {
            var f = fields(line);
            if (f.Length < 4 || !int.TryParse(f[0], CultureInfo.InvariantCulture, out var user) || !int.TryParse(f[1], CultureInfo.InvariantCulture, out var movie)
                || !float.TryParse(f[2], CultureInfo.InvariantCulture, out var stars) || !long.TryParse(f[3], CultureInfo.InvariantCulture, out var timestamp))
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}:{number}: expected user, movie, rating and timestamp, got '{line}'.");
            }

            ratings.Add(new Rating(user, movie, stars, timestamp));
        }

        return ratings;
    }

    /// <summary>movieId,title,genres: the title may be quoted and hold commas; genres never do.</summary>
    private static Dictionary<int, Movie> CsvMovies(string path) => Movies(path, Encoding.UTF8, skipHeader: true, line =>
    {
        var (first, last) = (line.IndexOf(','), line.LastIndexOf(','));
        return first < 0 || last <= first ? null : (line[..first], line[(first + 1)..last].Trim('"'), line[(last + 1)..].Split('|'));
    });

    /// <summary>MovieID::Title::Genres.</summary>
    private static Dictionary<int, Movie> DatMovies(string path) => Movies(path, Latin1, skipHeader: false, line =>
        line.Split("::") is { Length: 3 } f ? (f[0], f[1], f[2].Split('|')) : null);

    /// <summary>id|title|release date|video release date|IMDb URL|one 0/1 flag per genre of u.genre, in its order.</summary>
    private static Dictionary<int, Movie> Ml100kMovies(string path, string genresPath)
    {
        var genres = File.ReadLines(genresPath, Latin1).Where(l => l.Length > 0).Select(l => l.Split('|'))
            .OrderBy(f => int.Parse(f[1], CultureInfo.InvariantCulture)).Select(f => f[0]).ToArray();
        return Movies(path, Latin1, skipHeader: false, line =>
        {
            var f = line.Split('|');
            return f.Length != 5 + genres.Length ? null : (f[0], f[1], genres.Where((_, g) => f[5 + g] == "1").ToArray());
        });
    }

    private static Dictionary<int, Movie> Movies(string path, Encoding encoding, bool skipHeader, Func<string, (string Id, string Title, string[] Genres)?> parse)
    {
        var movies = new Dictionary<int, Movie>();
        foreach (var (number, line) in DataLines(path, encoding, skipHeader))
        {
            if (parse(line) is not var (idText, title, genres) || !int.TryParse(idText, CultureInfo.InvariantCulture, out var id))
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}:{number}: expected a movie id, title and genres, got '{line}'.");
            }

            var named = genres.Select(g => g.Trim()).Where(g => g.Length > 0).ToArray();
            movies[id] = new Movie(id, title, named.Length == 0 ? ["(no genres listed)"] : named);
        }

        return movies;
    }

    /// <summary>The lines of a file that hold data, with their numbers from 1: the header (when it has one) and blank
    /// lines left out.</summary>
    private static IEnumerable<(int Number, string Text)> DataLines(string path, Encoding encoding, bool skipHeader) =>
        File.ReadLines(path, encoding).Select((text, i) => (Number: i + 1, Text: text)).Where(l => l.Text.Length > 0 && !(skipHeader && l.Number == 1));
}

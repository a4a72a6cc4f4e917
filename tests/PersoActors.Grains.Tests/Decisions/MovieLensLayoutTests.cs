using System.Text;
using PersoActors.Bench.Quality;

namespace PersoActors.Grains.Tests.Decisions;

/// <summary>The quality benchmark reads a MovieLens release as GroupLens publishes it, whichever of its layouts, so
/// held-out releases can be measured without conversion; and its split can hold out another window.</summary>
public sealed class MovieLensLayoutTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("persoactors-movielens-");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public void The_csv_dat_and_ml100k_layouts_of_the_same_ratings_read_the_same()
    {
        var csv = Write("csv",
            ("ratings.csv", "userId,movieId,rating,timestamp\n1,10,4.0,964982703\n1,20,2.5,964982931\n2,10,5.0,964983000\n"),
            ("movies.csv", "movieId,title,genres\n10,\"Shoe, The (1999)\",Comedy|Drama\n20,Señor Trail (2001),(no genres listed)\n"));
        var dat = Write("dat",
            ("ratings.dat", "1::10::4::964982703\n1::20::2.5::964982931\n2::10::5::964983000\n"),
            ("movies.dat", "10::Shoe, The (1999)::Comedy|Drama\n20::Señor Trail (2001)::\n"));
        var ml100k = Write("ml100k",
            ("u.data", "1\t10\t4\t964982703\n1\t20\t2.5\t964982931\n2\t10\t5\t964983000\n"),
            ("u.item", "10|Shoe, The (1999)|01-Jan-1999||http://x|0|1|1\n20|Señor Trail (2001)|01-Jan-2001||http://y|0|0|0\n"),
            ("u.genre", "unknown|0\nComedy|1\nDrama|2\n\n"));

        var layouts = new[] { csv, dat, ml100k }.Select(MovieLens.Load).ToArray();

        foreach (var data in layouts)
        {
            Assert.Equal([new Rating(1, 10, 4, 964982703), new Rating(1, 20, 2.5f, 964982931), new Rating(2, 10, 5, 964983000)], data.Ratings);
            Assert.Equal(["Comedy", "Drama"], data.Movies[10].Genres);
            Assert.Equal("Shoe, The (1999)", data.Movies[10].Title);
            Assert.Equal(["(no genres listed)"], data.Movies[20].Genres);
            Assert.Equal("Señor Trail (2001)", data.Movies[20].Title);
        }
    }

    [Fact]
    public void A_directory_without_a_layout_or_with_a_broken_line_is_refused_naming_what_is_wrong()
    {
        var empty = Write("empty", ("README.txt", "nothing here"));
        var broken = Write("broken", ("ratings.csv", "userId,movieId,rating,timestamp\n1,10,4.0,964982703\n1;20;3;964982931\n"), ("movies.csv", "movieId,title,genres\n10,A,Drama\n"));

        Assert.Contains("ratings.dat + movies.dat", Assert.Throws<FileNotFoundException>(() => MovieLens.Load(empty)).Message);
        Assert.Contains("ratings.csv:3", Assert.Throws<InvalidDataException>(() => MovieLens.Load(broken)).Message);
    }

    [Fact]
    public void Skipping_the_newest_ratings_holds_out_an_earlier_window_of_the_chosen_size()
    {
        var ratings = Enumerable.Range(1, 30).Select(t => new Rating(User: 1, Movie: 100 + t, Stars: 4, Timestamp: t)).ToArray();

        var latest = Split.Of(ratings);
        var earlier = Split.Of(ratings, new SplitOptions(HeldOut: 5, SkipNewest: 10));

        Assert.Equal(Enumerable.Range(21, 10), latest.HeldOut[1].Select(r => (int)r.Timestamp));
        Assert.Equal(Enumerable.Range(16, 5), earlier.HeldOut[1].Select(r => (int)r.Timestamp));
        Assert.Equal(Enumerable.Range(1, 15), earlier.Training[1].Select(r => (int)r.Timestamp));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SplitOptions(HeldOut: 0));
    }

    private string Write(string name, params (string File, string Text)[] files)
    {
        var directory = root.CreateSubdirectory(name).FullName;
        // The .dat and ml-100k files are ISO-8859-1, as GroupLens publishes them; the CSV files UTF-8.
        var encoding = name == "csv" ? Encoding.UTF8 : Encoding.Latin1;
        foreach (var (file, text) in files)
        {
            File.WriteAllText(Path.Combine(directory, file), text, encoding);
        }

        return directory;
    }
}

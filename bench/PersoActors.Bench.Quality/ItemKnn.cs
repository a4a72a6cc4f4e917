namespace PersoActors.Bench.Quality;

/// <summary>Baseline: textbook item-kNN. Similarity is the cosine of two items' binary rating vectors (co-occurrence
/// over all training ratings, each user counted once), each item keeps its <see cref="Neighbours"/> most similar
/// items, and a user's score for an item is the sum of its similarities to everything the user rated.</summary>
public sealed class ItemKnn
{
    public const int Neighbours = 100;

    private readonly Interactions data;
    private readonly (int Item, float Similarity)[][] neighbours;

    public ItemKnn(Interactions data)
    {
        this.data = data;
        var n = data.ItemCount;
        neighbours = new (int, float)[n][];
        var counts = new float[n];
        var touched = new List<int>();
        for (var i = 0; i < n; i++)
        {
            foreach (var user in data.UsersOf[i])
            {
                foreach (var j in data.ItemsOf[user])
                {
                    if (j != i)
                    {
                        if (counts[j] == 0)
                        {
                            touched.Add(j);
                        }

                        counts[j]++;
                    }
                }
            }

            neighbours[i] = [.. touched
                .Select(j => (Item: j, Similarity: (float)(counts[j] / Math.Sqrt((double)data.UsersOf[i].Length * data.UsersOf[j].Length))))
                .OrderByDescending(p => p.Similarity).ThenBy(p => p.Item)
                .Take(Neighbours)];
            foreach (var j in touched)
            {
                counts[j] = 0;
            }

            touched.Clear();
        }
    }

    public IReadOnlyList<int> Recommend(int user)
    {
        var scores = new float[data.ItemCount];
        foreach (var i in data.ItemsOf[user])
        {
            foreach (var (j, similarity) in neighbours[i])
            {
                scores[j] += similarity;
            }
        }

        return data.TopUnseen(user, scores, Metrics.K);
    }
}

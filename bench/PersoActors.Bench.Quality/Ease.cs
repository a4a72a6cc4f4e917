using System.Numerics;

namespace PersoActors.Bench.Quality;

/// <summary>Stronger baseline: EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019), a
/// closed-form item-item linear model: B = I − P·diag(1/diag(P)) with P = (XᵀX + λI)⁻¹ and a zero diagonal; a user's
/// scores are their binary rating row times B. Restricted to the <see cref="MaxItems"/> most rated items (a dense
/// n × n inverse); other items are never recommended by it.</summary>
public sealed class Ease
{
    public const int MaxItems = 2000;
    /// <summary>The regularization of the paper's MovieLens runs (50 / 200 / 500 / 1000 here: 0.066 / 0.069 / 0.071 / 0.071).</summary>
    public const double Lambda = 500;

    private readonly Interactions data;
    private readonly int[] items;
    private readonly Dictionary<int, int> position = [];
    private readonly double[] weights;

    public Ease(Interactions data)
    {
        this.data = data;
        items = [.. Enumerable.Range(0, data.ItemCount).Where(i => data.Count[i] > 0)
            .OrderByDescending(i => data.Count[i]).ThenBy(i => i).Take(MaxItems)];
        var n = items.Length;
        for (var p = 0; p < n; p++)
        {
            position[items[p]] = p;
        }

        var g = new double[n * n];
        foreach (var rated in data.ItemsOf.Values)
        {
            var mine = Positions(rated);
            foreach (var a in mine)
            {
                foreach (var b in mine)
                {
                    g[a * n + b]++;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            g[i * n + i] += Lambda;
        }

        Invert(g, n);
        weights = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                weights[i * n + j] = i == j ? 0 : -g[i * n + j] / g[j * n + j];
            }
        }
    }

    public IReadOnlyList<int> Recommend(int user)
    {
        var n = items.Length;
        var row = new double[n];
        foreach (var a in Positions(data.ItemsOf[user]))
        {
            var from = weights.AsSpan(a * n, n);
            for (var j = 0; j < n; j++)
            {
                row[j] += from[j];
            }
        }

        var scores = new float[data.ItemCount];
        for (var j = 0; j < n; j++)
        {
            scores[items[j]] = (float)row[j];
        }

        return data.TopUnseen(user, scores, Metrics.K);
    }

    private List<int> Positions(int[] rated)
    {
        var mine = new List<int>(rated.Length);
        foreach (var item in rated)
        {
            if (position.TryGetValue(item, out var p))
            {
                mine.Add(p);
            }
        }

        return mine;
    }

    /// <summary>In-place Gauss-Jordan inverse of a symmetric positive definite matrix (no pivoting needed).</summary>
    private static void Invert(double[] a, int n)
    {
        var width = Vector<double>.Count;
        for (var k = 0; k < n; k++)
        {
            var pivotRow = a.AsSpan(k * n, n);
            var inverse = 1 / pivotRow[k];
            pivotRow[k] = 1;
            for (var j = 0; j < n; j++)
            {
                pivotRow[j] *= inverse;
            }

            for (var i = 0; i < n; i++)
            {
                if (i == k)
                {
                    continue;
                }

                var row = a.AsSpan(i * n, n);
                var factor = row[k];
                if (factor == 0)
                {
                    continue;
                }

                row[k] = 0;
                var f = new Vector<double>(factor);
                var j = 0;
                for (; j <= n - width; j += width)
                {
                    (new Vector<double>(row[j..]) - f * new Vector<double>(pivotRow[j..])).CopyTo(row[j..]);
                }

                for (; j < n; j++)
                {
                    row[j] -= factor * pivotRow[j];
                }
            }
        }
    }
}

using System.Globalization;

namespace PersoActors.Gateway.Tests.Infrastructure;

/// <summary>Reads samples out of a Prometheus text exposition: the sum of every series of a metric whose labels
/// include the given ones.</summary>
public sealed class PrometheusText(string text)
{
    public string Text { get; } = text;

    public bool HasMetricStartingWith(string prefix) =>
        Samples().Any(s => s.Name.StartsWith(prefix, StringComparison.Ordinal));

    public bool Has(string name) => Samples().Any(s => s.Name == name);

    /// <summary>The sum over the series of <paramref name="name"/> carrying every label of <paramref name="labels"/>
    /// (<c>key="value"</c>); 0 when there is none yet.</summary>
    public double Value(string name, params string[] labels) =>
        Samples().Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l))).Sum(s => s.Value);

    private IEnumerable<(string Name, string Labels, double Value)> Samples()
    {
        foreach (var line in Text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{');
            var space = line.LastIndexOf(' ');
            var name = brace >= 0 && brace < space ? line[..brace] : line[..line.IndexOf(' ')];
            var labels = brace >= 0 && brace < space ? line[brace..(line.LastIndexOf('}') + 1)] : "";
            yield return (name, labels, double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture));
        }
    }
}

using System.Globalization;

namespace Streamer.Supervisor.Tests;

/// <summary>Reads sample values out of a /metrics answer.</summary>
internal static class Scrape
{
    /// <summary>The value of the sample <paramref name="name"/> with exactly <paramref name="labels"/> (<c>role="worker",symbol="X"</c>), or null when absent.</summary>
    public static double? Find(string text, string name, string labels = "")
    {
        var prefix = labels.Length == 0 ? name + " " : name + "{" + labels + "} ";
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Like <see cref="Find"/>, for a sample that must be there.</summary>
    public static double Value(string text, string name, string labels = "") =>
        Find(text, name, labels) ?? throw new InvalidOperationException($"no sample {name}{{{labels}}} in:\n{text}");
}

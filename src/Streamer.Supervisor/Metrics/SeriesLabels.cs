using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Metrics;

/// <summary>
/// The labels of one series: <c>role</c>, then <c>symbol</c> (workers), <c>stream</c> and <c>counter</c> when they
/// apply. A label that does not apply is left out rather than sent empty, so one family holds series with
/// different label names (prometheus-net keeps one collector per set of names within a family).
/// </summary>
internal readonly record struct SeriesLabels(string[] Names, string[] Values)
{
    /// <summary>No labels.</summary>
    public static SeriesLabels None { get; } = new([], []);

    /// <summary>Identifies the set of label names (one prometheus-net collector each).</summary>
    public string Shape => string.Join(',', Names);

    /// <summary>Identifies the series within its family.</summary>
    public string Key => Shape + "\n" + string.Join('\u0001', Values);

    /// <summary>The labels of a child's series.</summary>
    public static SeriesLabels Of(ChildSnapshot child, string? stream = null, string? counter = null)
    {
        var names = new List<string>(4) { "role" };
        var values = new List<string>(4) { child.Role };
        Add(names, values, "symbol", child.Symbol);
        Add(names, values, "stream", stream);
        Add(names, values, "counter", counter);
        return new SeriesLabels([.. names], [.. values]);
    }

    /// <summary>The source a series belongs to: the child, one per role and symbol.</summary>
    public static string SourceOf(ChildSnapshot child) => child.Symbol is null ? child.Role : child.Role + " " + child.Symbol;

    private static void Add(List<string> names, List<string> values, string name, string? value)
    {
        if (value is not null)
        {
            names.Add(name);
            values.Add(value);
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Streamer.Bench.Infrastructure;

/// <summary>
/// bench/RESULTS.md: one section per benchmark between <c>&lt;!-- bench:NAME --&gt;</c> markers, replaced
/// whole by the benchmark's latest run, and a summary table regenerated from the sections' summary lines.
/// Text after <c>&lt;!-- notes --&gt;</c> is written by people and kept as it is.
/// </summary>
internal static partial class ResultsFile
{
    /// <summary>Benchmarks in the order their sections appear.</summary>
    public static readonly string[] Order = ["throughput", "cost", "cost-15k", "cost-15k-10-per-worker", "latency", "memory", "scale", "scale-10-per-worker", "scale-one-per-symbol", "startup", "micro"];

    private const string NotesMarker = "<!-- notes -->";

    /// <summary>Replaces (or adds) the section of <paramref name="name"/> and refreshes the summary table.</summary>
    /// <param name="path">The RESULTS.md file.</param>
    /// <param name="name">Benchmark name.</param>
    /// <param name="summary">One summary row for the table.</param>
    /// <param name="body">Markdown of the section, starting with its "## " title.</param>
    public static void Update(string path, string name, SummaryRow summary, string body)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in SectionPattern().Matches(text))
        {
            sections[m.Groups[1].Value] = m.Groups[2].Value.Trim('\n');
        }

        var notesAt = text.IndexOf(NotesMarker, StringComparison.Ordinal);
        var notes = notesAt >= 0 ? text[(notesAt + NotesMarker.Length)..].Trim('\n') : "";
        sections[name] = summary.Encode() + "\n" + body.Trim('\n');

        var sb = new StringBuilder();
        sb.AppendLine("# Streamer benchmark results");
        sb.AppendLine();
        sb.AppendLine("Written by `bench/run.sh NAME` (bench/Streamer.Bench, bench/Streamer.Micro); each section is replaced by the latest run of its");
        sb.AppendLine("benchmark. End-to-end figures: the Release `streamer` executable recording from the in-process simulated exchange over");
        sb.AppendLine("loopback (plain ws), CPU and memory from /proc of every process of the streamer tree, medians of the runs. How each");
        sb.AppendLine("figure is measured is said in its section; how to run each one is in bench/README.md.");
        sb.AppendLine();
        sb.AppendLine("## Summary");
        sb.AppendLine();
        sb.AppendLine("| benchmark | target | measured (median) | verdict | measured on |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var key in Ordered(sections.Keys))
        {
            if (SummaryRow.TryDecode(sections[key], out var row))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {row.Target} | {row.Measured} | {row.Verdict} | {row.Date} |");
            }
        }

        foreach (var key in Ordered(sections.Keys))
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"<!-- bench:{key} -->");
            sb.AppendLine(sections[key]);
            sb.AppendLine(CultureInfo.InvariantCulture, $"<!-- /bench:{key} -->");
        }

        sb.AppendLine();
        sb.AppendLine(NotesMarker);
        if (notes.Length > 0)
        {
            sb.AppendLine(notes);
        }

        File.WriteAllText(path, sb.ToString());
    }

    private static IEnumerable<string> Ordered(IEnumerable<string> keys) =>
        keys.OrderBy(k => Array.IndexOf(Order, k) is var i && i < 0 ? int.MaxValue : i).ThenBy(k => k, StringComparer.Ordinal);

    [GeneratedRegex(@"<!-- bench:([a-z0-9-]+) -->\n(.*?)<!-- /bench:\1 -->", RegexOptions.Singleline)]
    private static partial Regex SectionPattern();
}

/// <summary>One line of the summary table, kept inside its section as an HTML comment.</summary>
internal sealed record SummaryRow(string Target, string Measured, string Verdict, string Date)
{
    private const string Prefix = "<!-- summary: ";

    public string Encode() => Prefix + string.Join(" ¦ ", Target, Measured, Verdict, Date) + " -->";

    public static bool TryDecode(string section, out SummaryRow row)
    {
        row = null!;
        var line = section.Split('\n').FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        if (line is null)
        {
            return false;
        }

        var parts = line[Prefix.Length..^" -->".Length].Split(" ¦ ");
        if (parts.Length != 4)
        {
            return false;
        }

        row = new SummaryRow(parts[0], parts[1], parts[2], parts[3]);
        return true;
    }
}

using System.Globalization;
using System.Text;

namespace Streamer.Bench.Infrastructure;

/// <summary>Builds a benchmark's RESULTS.md section and prints it.</summary>
internal sealed class Report
{
    private readonly StringBuilder _body = new();
    private readonly string _loadBefore = Machine.LoadAtStart;
    private readonly DateTimeOffset _started = Machine.StartedAt;

    public Report(string title, string method)
    {
        _body.AppendLine(CultureInfo.InvariantCulture, $"## {title}");
        _body.AppendLine();
        _body.AppendLine(method.Trim());
        _body.AppendLine();
    }

    /// <summary>UTC date and time of the start, as written in the results.</summary>
    public string Date => _started.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public Report Line(string text)
    {
        _body.AppendLine(text);
        return this;
    }

    public Report Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.AppendLine("| " + string.Join(" | ", headers) + " |");
        _body.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", headers.Count)));
        foreach (var row in rows)
        {
            _body.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        _body.AppendLine();
        return this;
    }

    /// <summary>Adds the machine line, prints the section and writes it to RESULTS.md (unless disabled).</summary>
    public void Publish(BenchOptions options, string name, SummaryRow summary)
    {
        _body.AppendLine();
        _body.AppendLine(CultureInfo.InvariantCulture,
            $"Measured {Date} on {Machine.Describe(options.RepoRoot)}; load average (1/5/15 min) {_loadBefore} before, {Machine.LoadAverage()} after. The machine was shared with other work: read wall-clock rates with that in mind.");
        var text = _body.ToString();
        Console.WriteLine();
        Console.WriteLine(text);
        Console.WriteLine(Fmt.Inv($"RESULT {name}: {summary.Measured} (target {summary.Target}) → {summary.Verdict}"));
        if (options.ResultsPath is { } path)
        {
            ResultsFile.Update(path, name, summary with { Date = Date }, text);
            Console.WriteLine("written to " + path);
        }
    }
}

/// <summary>Number formatting for the tables.</summary>
internal static class Fmt
{
    public static string N0(double v) => double.IsNaN(v) ? "–" : v.ToString("#,0", CultureInfo.InvariantCulture);

    public static string N1(double v) => double.IsNaN(v) ? "–" : v.ToString("#,0.0", CultureInfo.InvariantCulture);

    public static string N2(double v) => double.IsNaN(v) ? "–" : v.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string Mb(long kb) => (kb / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);

    public static string Inv(FormattableString s) => FormattableString.Invariant(s);
}

using System.Globalization;
using System.Text;

namespace Streamer.History.Running;

/// <summary>
/// The table a run ends with: one line per symbol, dump type and run of consecutive days with the same
/// outcome (years of <c>present</c> days stay one line), then the total and what failed, by name.
/// </summary>
internal static class SummaryTable
{
    /// <summary>Failed days named one by one on the last line; the table has them all.</summary>
    private const int MaxNamed = 20;

    private static readonly string[] Headings = ["SYMBOL", "DATA", "DAYS", "STATUS", "ROWS", "DETAIL"];

    public static string Render(IReadOnlyList<DayOutcome> outcomes, string command, TimeSpan elapsed, long bytes)
    {
        var sorted = outcomes.OrderBy(o => o.Symbol, StringComparer.Ordinal).ThenBy(o => o.Type.Name, StringComparer.Ordinal).ThenBy(o => o.Day).ToList();
        var lines = new List<string[]>();
        DayOutcome? first = null;
        DayOutcome? last = null;
        long rows = 0;
        foreach (var o in sorted)
        {
            if (last is not null && (o.Symbol != last.Symbol || o.Type != last.Type || o.State != last.State || o.Detail != last.Detail || o.Day != last.Day.AddDays(1)))
            {
                lines.Add(Line(first!, last, rows));
                first = null;
            }

            if (first is null)
            {
                first = o;
                rows = 0;
            }

            rows += o.Rows;
            last = o;
        }

        if (first is not null)
        {
            lines.Add(Line(first, last!, rows));
        }

        var sb = new StringBuilder();
        if (lines.Count > 0)
        {
            var widths = Headings.Select((h, i) => Math.Max(h.Length, lines.Max(l => l[i].Length))).ToArray();
            Append(sb, Headings, widths);
            foreach (var line in lines)
            {
                Append(sb, line, widths);
            }
        }

        var errors = sorted.Where(o => o.IsError).ToList();
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        sb.Append(CultureInfo.InvariantCulture,
            $"history {command}: {outcomes.Count} day(s): {Count(outcomes, DayState.Written)} written, {Count(outcomes, DayState.Filled)} filled, {Count(outcomes, DayState.Present)} already present, {errors.Count} failed; {bytes / 1e6:0.0} MB in {seconds:0.0} s\n");
        if (errors.Count > 0)
        {
            sb.Append("not fetched or not verified (nothing was written for them): ")
                .Append(string.Join(", ", errors.Take(MaxNamed).Select(e => $"{e.Symbol} {e.Type.Name} {Day(e.Day)} ({State(e.State)})")))
                .Append(errors.Count > MaxNamed ? string.Create(CultureInfo.InvariantCulture, $" and {errors.Count - MaxNamed} more (see the table)") : "")
                .Append('\n');
        }

        return sb.ToString();
    }

    private static int Count(IReadOnlyList<DayOutcome> outcomes, DayState state) => outcomes.Count(o => o.State == state);

    private static string[] Line(DayOutcome first, DayOutcome last, long rows) =>
    [
        first.Symbol, first.Type.Name, first.Day == last.Day ? Day(first.Day) : $"{Day(first.Day)}..{Day(last.Day)}",
        State(first.State), rows.ToString("N0", CultureInfo.InvariantCulture), first.Detail,
    ];

    public static string State(DayState state) => state switch
    {
        DayState.Written => "written",
        DayState.Present => "present",
        DayState.Filled => "filled",
        DayState.NotInDump => "not in dump",
        DayState.Open => "open, skipped",
        DayState.MissingUpstream => "MISSING UPSTREAM",
        DayState.ChecksumMismatch => "BAD CHECKSUM",
        _ => "FAILED",
    };

    private static void Append(StringBuilder sb, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            sb.Append(i == 4 ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
            sb.Append(i == cells.Length - 1 ? "" : "  ");
        }

        sb.Length = sb.ToString().TrimEnd().Length;
        sb.Append('\n');
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

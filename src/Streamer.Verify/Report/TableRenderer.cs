using System.Globalization;
using Streamer.Verify.Running;

namespace Streamer.Verify.Report;

/// <summary>
/// The human report: an aligned table (one line per symbol, stream and day), the details of every
/// problem with file and line, then a summary line. Colour only when writing to a terminal.
/// </summary>
internal sealed class TableRenderer(TextWriter output, bool colour)
{
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Green = "\u001b[32m";
    private const string Reset = "\u001b[0m";

    private static readonly string[] Headings = ["SYMBOL", "STREAM", "DAY", "ROWS", "SPAN (UTC)", "GAPS", "DUPS", "BREAKS", "STATUS"];

    // Numbers read best right-aligned.
    private static readonly bool[] RightAligned = [false, false, false, true, false, true, true, true, false];

    public async Task WriteAsync(VerifyReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = report.Days.Select(d => new[]
        {
            d.Symbol, d.Stream.ConfigName, d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Text.Number(d.Rows),
            Text.Span(d), Text.Gaps(d), Text.Duplicates(d), Text.Breaks(d), Text.Status(d.Status),
        }).ToList();
        if (rows.Count > 0)
        {
            var widths = Headings.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
            await output.WriteLineAsync(Line(Headings, widths, null).AsMemory(), ct).ConfigureAwait(false);
            for (var i = 0; i < rows.Count; i++)
            {
                await output.WriteLineAsync(Line(rows[i], widths, report.Days[i].Status).AsMemory(), ct).ConfigureAwait(false);
            }
        }

        await WriteDetailsAsync(report, ct).ConfigureAwait(false);
        await output.WriteLineAsync(Summary(report).AsMemory(), ct).ConfigureAwait(false);
    }

    private async Task WriteDetailsAsync(VerifyReport report, CancellationToken ct)
    {
        var lines = new List<string>();
        foreach (var symbol in report.MissingSymbols)
        {
            lines.Add(Paint(DayStatus.Fail, $"{symbol}: no recorded files (no folder {Path.Combine(report.DataDir, symbol)})"));
        }

        foreach (var day in report.Days)
        {
            var details = Details(day).ToList();
            if (details.Count == 0)
            {
                continue;
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{day.Symbol} {day.Stream.ConfigName} {day.Day:yyyy-MM-dd}: {Paint(day.Status, Text.Status(day.Status))}"));
            lines.AddRange(details.Select(d => "  " + d));
        }

        foreach (var journal in report.UnwrittenJournals)
        {
            lines.Add(Paint(DayStatus.Fail, journal.Describe()));
        }

        if (report.IgnoredFiles.Count > 0)
        {
            lines.Add($"ignored (not data file names): {string.Join(", ", report.IgnoredFiles.Take(10))}{(report.IgnoredFiles.Count > 10 ? ", ..." : "")}");
        }

        if (lines.Count == 0)
        {
            return;
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line.AsMemory(), ct).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
    }

    private IEnumerable<string> Details(DayResult day)
    {
        foreach (var gap in day.Gaps)
        {
            yield return (gap.IsReported ? "reported gap  " : Paint(DayStatus.Fail, "gap           ")) + Text.Gap(gap, day.Stream.ConfigName);
        }

        foreach (var duplicate in day.Duplicates)
        {
            yield return Paint(DayStatus.Fail, "duplicate     ") + Text.Duplicate(duplicate, day.Stream);
        }

        foreach (var depthBreak in day.Breaks)
        {
            var label = depthBreak.Outcome switch
            {
                BreakOutcome.Resynced => "resynced      ",
                BreakOutcome.AwaitingSnapshot => Paint(DayStatus.Warning, "break         "),
                _ => Paint(DayStatus.Fail, "break         "),
            };
            yield return label + Text.Break(depthBreak);
        }

        foreach (var problem in day.Problems)
        {
            var label = (problem.Kind + new string(' ', 14))[..14];
            var status = problem.Severity switch
            {
                Severity.Error => DayStatus.Fail,
                Severity.Warning => DayStatus.Warning,
                _ => DayStatus.Ok,
            };
            yield return Paint(status, label) + (problem.At is { } at ? $"{at}: " : "") + problem.Message;
        }

        if (day.RowsOutsideDay > 0)
        {
            yield return Paint(DayStatus.Warning, "day           ") + $"{Text.Number(day.RowsOutsideDay)} row(s) have a time outside this file's UTC day";
        }

        var notListed = Math.Max(0, day.GapCount - day.Gaps.Count) + Math.Max(0, day.DuplicateCount - day.Duplicates.Count)
            + Math.Max(0, day.BreakCount - day.Breaks.Count) + day.ProblemsNotKept;
        if (notListed > 0)
        {
            yield return $"... and {Text.Number(notListed)} more not listed (the counts in the table are complete)";
        }

        if (day.EventCounts.Count > 0)
        {
            yield return "events        " + string.Join(", ", day.EventCounts.Select(e => $"{e.Key} {Text.Number(e.Value)}"));
        }
    }

    private static string Summary(VerifyReport report)
    {
        var seconds = Math.Max(report.Elapsed.TotalSeconds, 0.001);
        var verdict = report.NothingChecked
            ? $"nothing to verify: no recorded files found in {report.DataDir} for what was asked"
            : report.Clean ? "clean" : "PROBLEMS FOUND";
        var ok = report.Days.Count - report.Failed - report.Warned;
        return string.Create(CultureInfo.InvariantCulture,
            $"verify: {report.Files} files, {Text.Number(report.Rows)} rows, {report.Bytes / 1e6:0.0} MB in {seconds:0.0} s ({Text.Number((long)(report.Rows / seconds))} rows/s); {report.Days.Count} checked: {ok} ok, {report.Warned} with warnings, {report.Failed} failed; {verdict}");
    }

    private string Line(string[] cells, int[] widths, DayStatus? status)
    {
        var parts = new string[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = RightAligned[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]);
            parts[i] = i == cells.Length - 1 && status is { } s ? Paint(s, cell) : cell;
        }

        return string.Join("  ", parts).TrimEnd();
    }

    private string Paint(DayStatus status, string text) => !colour ? text : status switch
    {
        DayStatus.Ok => Green + text + Reset,
        DayStatus.Warning => Yellow + text + Reset,
        _ => Red + text + Reset,
    };
}

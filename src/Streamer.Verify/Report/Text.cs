using System.Globalization;
using Streamer.Core.Streams;

namespace Streamer.Verify.Report;

/// <summary>How findings read as text, shared by the table's details and the JSON messages.</summary>
internal static class Text
{
    public static string Number(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>First and last time; just the clock times when both fall in the row's day.</summary>
    public static string Span(DayResult day)
    {
        ArgumentNullException.ThrowIfNull(day);
        if (day.FirstTimeMs is not { } first || day.LastTimeMs is not { } last)
        {
            return "-";
        }

        if (StreamCatalog.UtcDay(first) == day.Day && StreamCatalog.UtcDay(last) == day.Day)
        {
            return Clock(first) + "-" + Clock(last);
        }

        return Time(first) + " - " + Time(last);
    }

    public static string Gaps(DayResult day) =>
        !HasIds(day.Stream) ? "-"
        : day.ReportedGapCount > 0 ? string.Create(CultureInfo.InvariantCulture, $"{Number(day.GapCount)} ({Number(day.ReportedGapCount)} reported)")
        : Number(day.GapCount);

    public static string Duplicates(DayResult day) =>
        HasIds(day.Stream) || day.Stream.Type == StreamType.Depth ? Number(day.DuplicateCount) : "-";

    public static string Breaks(DayResult day)
    {
        if (day.Stream.Type != StreamType.Depth)
        {
            return "-";
        }

        var notes = new List<string>();
        if (day.ResyncedBreaks > 0)
        {
            notes.Add(Number(day.ResyncedBreaks) + " resynced");
        }

        if (day.AwaitingBreaks > 0)
        {
            notes.Add(Number(day.AwaitingBreaks) + " awaiting");
        }

        return notes.Count == 0 ? Number(day.BreakCount) : $"{Number(day.BreakCount)} ({string.Join(", ", notes)})";
    }

    public static string Status(DayStatus status) => status switch
    {
        DayStatus.Ok => "ok",
        DayStatus.Warning => "WARN",
        _ => "FAIL",
    };

    public static string Gap(IdGap gap, string stream)
    {
        ArgumentNullException.ThrowIfNull(gap);
        var what = stream == StreamCatalog.Kline1m.ConfigName ? "candles (open times)" : "ids";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{what} {gap.From}..{gap.To} missing ({Number(gap.Missing)}), {Time(gap.TimeBeforeMs)} - {Time(gap.TimeAfterMs)}, {Between(gap.Before, gap.After)}");
        if (gap.IsReported)
        {
            return text + "; reported by " + gap.ReportedBy;
        }

        var unreported = string.Join(", ", gap.Unreported.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.From}..{r.To}")));
        return gap.ReportedBy is null
            ? text + "; not reported in events"
            : text + $"; {unreported} not reported in events (only partly covered by {gap.ReportedBy})";
    }

    public static string Duplicate(Duplicate duplicate, StreamInfo stream)
    {
        ArgumentNullException.ThrowIfNull(duplicate);
        return stream.Type == StreamType.Depth
            ? string.Create(CultureInfo.InvariantCulture, $"update with u {duplicate.Id} repeated or out of order at {duplicate.At} (previous u {duplicate.HighestBefore})")
            : string.Create(CultureInfo.InvariantCulture, $"id {duplicate.Id} repeated or out of order at {duplicate.At} (highest id before: {duplicate.HighestBefore})");
    }

    public static string Break(DepthBreak b)
    {
        ArgumentNullException.ThrowIfNull(b);
        var text = b.NoPu
            ? string.Create(CultureInfo.InvariantCulture, $"update {b.First}..{b.Final} at {b.At} does not follow u {b.PreviousFinal} (U must be u + 1)")
            : string.Create(CultureInfo.InvariantCulture, $"pu {b.PrevFinal} of update {b.First}..{b.Final} at {b.At} does not follow u {b.PreviousFinal}");
        return b.Outcome switch
        {
            BreakOutcome.Resynced => string.Create(CultureInfo.InvariantCulture,
                $"{text}; resynced by depth_snapshot {b.SnapshotId}{(b.DecidedByLaterBreak ? ", after a later break (no snapshot landed in between)" : "")}"),
            BreakOutcome.AwaitingSnapshot => text + "; no snapshot yet (the file is live; one should follow)",
            _ => text + "; no later depth_snapshot restarts the chain: the book cannot be rebuilt after it",
        };
    }

    /// <summary>"between lines 10 and 11 of F" within one file, "between F1:10 and F2:2" across files.</summary>
    public static string Between(FileLine before, FileLine after) =>
        before.File == after.File && before.Line != FileLine.Unknown && after.Line != FileLine.Unknown
            ? string.Create(CultureInfo.InvariantCulture, $"between lines {before.Line} and {after.Line} of {after.File}")
            : $"between {before} and {after}";

    public static bool HasIds(StreamInfo stream) =>
        stream.Type is StreamType.AggTrade or StreamType.Kline1m;

    private static string Clock(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
}

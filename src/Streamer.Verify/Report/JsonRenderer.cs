using System.Globalization;
using System.Text;
using System.Text.Json;
using Streamer.Verify.Running;

namespace Streamer.Verify.Report;

/// <summary>
/// The report for scripts (<c>--json</c>): one object with a <c>days</c> array (one entry per symbol,
/// stream and day, with every counter and the listed details) and a summary. Times are ISO 8601 UTC and
/// also given in milliseconds.
/// </summary>
internal static class JsonRenderer
{
    public static async Task WriteAsync(VerifyReport report, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("data_dir", report.DataDir);
            json.WriteBoolean("clean", report.Clean);
            json.WriteNumber("files", report.Files);
            json.WriteNumber("rows", report.Rows);
            json.WriteNumber("bytes", report.Bytes);
            json.WriteNumber("seconds", Math.Round(report.Elapsed.TotalSeconds, 3));
            json.WriteNumber("failed", report.Failed);
            json.WriteNumber("warnings", report.Warned);
            Strings(json, "missing_symbols", report.MissingSymbols);
            Strings(json, "ignored_files", report.IgnoredFiles);
            json.WriteStartArray("unwritten_journals");
            foreach (var journal in report.UnwrittenJournals)
            {
                json.WriteStartObject();
                json.WriteString("symbol", journal.Symbol);
                json.WriteString("source", journal.Source);
                json.WriteNumber("frames", journal.Frames);
                json.WriteString("directory", journal.Directory);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("days");
            foreach (var day in report.Days)
            {
                Day(json, day);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).AsMemory(), ct).ConfigureAwait(false);
    }

    private static void Day(Utf8JsonWriter json, DayResult day)
    {
        json.WriteStartObject();
        json.WriteString("symbol", day.Symbol);
        json.WriteString("stream", day.Stream.ConfigName);
        json.WriteString("day", day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteString("status", day.Status.ToString().ToLowerInvariant());
        Strings(json, "files", day.Files);
        json.WriteNumber("rows", day.Rows);
        json.WriteNumber("bytes", day.Bytes);
        Time(json, "first_time", day.FirstTimeMs);
        Time(json, "last_time", day.LastTimeMs);
        json.WriteNumber("malformed_rows", day.MalformedRows);
        json.WriteNumber("rows_outside_day", day.RowsOutsideDay);
        if (Text.HasIds(day.Stream))
        {
            json.WriteNumber("gaps_total", day.GapCount);
            json.WriteNumber("gaps_reported", day.ReportedGapCount);
            json.WriteNumber("ids_missing_unreported", day.UnreportedIds);
            json.WriteStartArray("gaps");
            foreach (var gap in day.Gaps)
            {
                json.WriteStartObject();
                json.WriteNumber("from", gap.From);
                json.WriteNumber("to", gap.To);
                json.WriteNumber("missing", gap.Missing);
                json.WriteBoolean("reported", gap.IsReported);
                json.WriteString("reported_by", gap.ReportedBy);
                json.WriteStartArray("unreported");
                foreach (var (from, to) in gap.Unreported)
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(from);
                    json.WriteNumberValue(to);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
                Place(json, "before", gap.Before);
                Place(json, "after", gap.After);
                Time(json, "time_before", gap.TimeBeforeMs);
                Time(json, "time_after", gap.TimeAfterMs);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (Text.HasIds(day.Stream) || day.Stream.Type == Core.Streams.StreamType.Depth)
        {
            json.WriteNumber("duplicates_total", day.DuplicateCount);
            json.WriteStartArray("duplicates");
            foreach (var d in day.Duplicates)
            {
                json.WriteStartObject();
                json.WriteNumber("id", d.Id);
                json.WriteNumber("highest_before", d.HighestBefore);
                Place(json, "at", d.At);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (day.Stream.Type == Core.Streams.StreamType.Depth)
        {
            json.WriteNumber("updates", day.Updates);
            json.WriteNumber("breaks_total", day.BreakCount);
            json.WriteNumber("breaks_resynced", day.ResyncedBreaks);
            json.WriteNumber("breaks_awaiting_snapshot", day.AwaitingBreaks);
            json.WriteNumber("breaks_unresolved", day.UnresolvedBreaks);
            json.WriteStartArray("breaks");
            foreach (var b in day.Breaks)
            {
                json.WriteStartObject();
                json.WriteNumber("previous_u", b.PreviousFinal);
                if (b.NoPu)
                {
                    json.WriteNull("pu"); // spot sends none
                }
                else
                {
                    json.WriteNumber("pu", b.PrevFinal);
                }

                json.WriteNumber("U", b.First);
                json.WriteNumber("u", b.Final);
                json.WriteString("outcome", b.Outcome switch
                {
                    BreakOutcome.Resynced => "resynced",
                    BreakOutcome.AwaitingSnapshot => "awaiting_snapshot",
                    BreakOutcome.Pending => "pending",
                    _ => "unresolved",
                });
                if (b.SnapshotId is { } snapshot)
                {
                    json.WriteNumber("snapshot_last_update_id", snapshot);
                }

                Place(json, "at", b.At);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (day.EventCounts.Count > 0)
        {
            json.WriteStartObject("events");
            foreach (var (kind, count) in day.EventCounts)
            {
                json.WriteNumber(kind, count);
            }

            json.WriteEndObject();
        }

        json.WriteStartArray("problems");
        foreach (var p in day.Problems)
        {
            json.WriteStartObject();
            json.WriteString("severity", p.Severity.ToString().ToLowerInvariant());
            json.WriteString("kind", p.Kind);
            json.WriteString("message", p.Message);
            if (p.At is { } at)
            {
                Place(json, "at", at);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Place(Utf8JsonWriter json, string name, FileLine place)
    {
        json.WriteStartObject(name);
        json.WriteString("file", place.File);
        if (place.Line != FileLine.Unknown)
        {
            json.WriteNumber("line", place.Line);
        }

        json.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter json, string name, long? ms)
    {
        if (ms is { } value)
        {
            json.WriteString(name, Text.Time(value));
            json.WriteNumber(name + "_ms", value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteStringValue(v);
        }

        json.WriteEndArray();
    }
}

using System.Globalization;
using System.Text;
using Streamer.Core.Configuration;
using Streamer.Pipes.Clients;

namespace Streamer.Supervisor.Status;

/// <summary>Renders <c>streamer --status</c>: a process table, then a stream table of every child that reports streams.</summary>
public static class StatusTable
{
    /// <summary>Renders a live snapshot.</summary>
    public static string Render(SupervisorSnapshot snapshot, bool color)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"streamer running: pid {snapshot.Pid}, up {DurationText.Format(snapshot.Now - snapshot.StartedAt)}, mode {snapshot.Mode}, data {snapshot.DataDir}");
        if (snapshot.Exchange is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $", exchange {snapshot.Exchange}");
        }

        sb.Append(snapshot.Stopping ? " (stopping)\n\n" : "\n\n");
        sb.Append(Processes(snapshot).Render(color));
        var streams = Streams(snapshot);
        if (streams is not null)
        {
            sb.Append('\n').Append(streams.Render(color));
        }

        return sb.ToString();
    }

    /// <summary>Renders the configuration when no supervisor is running.</summary>
    public static string RenderNotRunning(StreamerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var enabled = config.EnabledSymbols.Select(s => s.Key).ToList();
        var sb = new StringBuilder();
        sb.Append("streamer is not running\n");
        sb.Append(CultureInfo.InvariantCulture, $"config:   {config.SourcePath}\n");
        sb.Append(CultureInfo.InvariantCulture, $"mode:     {config.Mode}\n");
        sb.Append(CultureInfo.InvariantCulture, $"symbols:  {(enabled.Count == 0 ? "(none enabled)" : string.Join(' ', enabled))}\n");
        sb.Append(CultureInfo.InvariantCulture, $"data dir: {config.Storage.DataDir}\n");
        sb.Append(CultureInfo.InvariantCulture, $"order book: {(config.OrderBook.Enabled ? "enabled" : "disabled")}\n");
        return sb.ToString();
    }

    private static TextTable Processes(SupervisorSnapshot snapshot)
    {
        var table = new TextTable("ROLE", "SYMBOL", "PID", "STATE", "UPTIME", "RESTARTS", "MSG/S", "LAST EVENT", "LAG", "WEIGHT", "BOOK", "ROWS", "FILES", "UNWRITTEN", "DETAIL");
        var book = snapshot.Children.FirstOrDefault(c => c.Role == "orderbook")?.Report?.Info;
        foreach (var child in snapshot.Children)
        {
            var report = child.Report;
            var lastEvent = report?.Streams.Values.Select(s => s.LastEventTimeMs).DefaultIfEmpty(0).Max() ?? 0;
            var rows = report is null ? (long?)null
                : report.Counters.TryGetValue("rows_written", out var written) ? written : report.Streams.Values.Sum(s => s.Rows);
            var state = DisplayState(child);
            table.Add(
                new Cell(child.Role),
                new Cell(child.Symbol ?? ""),
                new Cell(child.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                new Cell(state, StateColor(child, state)),
                new Cell(child.StartedAt is { } started ? DurationText.Format(snapshot.Now - started) : "-"),
                new Cell(child.Restarts.ToString(CultureInfo.InvariantCulture), child.Restarts > 0 ? Ansi.Yellow : null),
                new Cell(child.MessagesPerSecond.Count == 0 ? "" : Rate(child.MessagesPerSecond.Values.Sum())),
                new Cell(lastEvent > 0 ? EventTime(lastEvent) : ""),
                new Cell(lastEvent > 0 ? Lag(snapshot.Now, lastEvent) : ""),
                new Cell(Counter(report?.Counters, "rest_weight_used")),
                new Cell(BookState(child, book)),
                new Cell(rows?.ToString(CultureInfo.InvariantCulture) ?? ""),
                new Cell(Counter(report?.Counters, "files_open")),
                Unwritten(report?.Counters),
                new Cell(Detail(child, snapshot.Now)));
        }

        return table;
    }

    private static TextTable? Streams(SupervisorSnapshot snapshot)
    {
        var table = new TextTable("ROLE", "SYMBOL", "STREAM", "MSG/S", "MESSAGES", "ROWS", "LAST EVENT", "LAG");
        var any = false;
        foreach (var child in snapshot.Children.Where(c => c.Report is not null && c.Report.Streams.Count > 0))
        {
            foreach (var (name, stream) in child.Report!.Streams.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                any = true;
                table.Add(
                    child.Role,
                    child.Symbol ?? "",
                    name,
                    child.MessagesPerSecond.TryGetValue(name, out var rate) ? Rate(rate) : "",
                    stream.Messages.ToString(CultureInfo.InvariantCulture),
                    stream.Rows.ToString(CultureInfo.InvariantCulture),
                    stream.LastEventTimeMs > 0 ? EventTime(stream.LastEventTimeMs) : "",
                    stream.LastEventTimeMs > 0 ? Lag(snapshot.Now, stream.LastEventTimeMs) : "");
            }
        }

        return any ? table : null;
    }

    /// <summary>The supervisor's state, or the child's own (streaming, reconnecting, ...) while it runs.</summary>
    private static string DisplayState(ChildSnapshot child) =>
        child.State == "running" && child.Report is { } report && !string.IsNullOrEmpty(report.State) ? report.State : child.State;

    private static string? StateColor(ChildSnapshot child, string state) => state switch
    {
        "crash-loop" or "rejected" or "disk-full" or "failed" => Ansi.Red,
        _ when child.CrashLoop => Ansi.Red,
        "restarting" or "reconnecting" or "stopping" or "pending" or "starting" or "draining" or "resyncing" => Ansi.Yellow,
        _ => Ansi.Green,
    };

    /// <summary>Order book sync state, from the order book's Info keys <c>{SYMBOL}.synced</c> and <c>{SYMBOL}.feed</c>.</summary>
    private static string BookState(ChildSnapshot child, Dictionary<string, string>? book)
    {
        if (child.Role == "orderbook" && child.Report is { } report)
        {
            var books = report.Info.Keys.Count(k => k.EndsWith(".synced", StringComparison.Ordinal));
            var synced = report.Info.Count(kv => kv.Key.EndsWith(".synced", StringComparison.Ordinal) && kv.Value == "true");
            return books == 0 ? "" : FormattableString.Invariant($"{synced}/{books} synced");
        }

        if (child.Symbol is null || book is null || !book.TryGetValue(child.Symbol + ".synced", out var state))
        {
            return "";
        }

        return state == "true" ? "synced"
            : book.TryGetValue(child.Symbol + ".feed", out var feed) && feed == "waiting" ? "no feed" : "syncing";
    }

    private static string Detail(ChildSnapshot child, DateTimeOffset now)
    {
        var parts = new List<string>();
        if (child.CrashLoop && child.State != "crash-loop")
        {
            parts.Add("recovering from a crash loop");
        }

        if (child.NextStartAt is { } next)
        {
            parts.Add("restart in " + DurationText.Format(next - now));
        }

        if (child.Role == "uploader" && child.Report?.Counters is { } upload)
        {
            parts.Add(UploadBacklog(upload));
        }

        var detail = child.Detail ?? child.Report?.Detail;
        if (!string.IsNullOrEmpty(detail))
        {
            parts.Add(detail);
        }

        return string.Join("; ", parts);
    }

    /// <summary>The uploader's backlog: <c>backlog 3 files 12.4 MB, oldest 2h; 5 failures</c>.</summary>
    private static string UploadBacklog(Dictionary<string, long> counters)
    {
        var files = counters.GetValueOrDefault("upload_pending_files");
        var text = files == 0
            ? "backlog 0 files"
            : string.Create(CultureInfo.InvariantCulture,
                $"backlog {files} files {counters.GetValueOrDefault("upload_pending_bytes") / 1e6:0.0} MB, oldest {DurationText.Format(TimeSpan.FromSeconds(counters.GetValueOrDefault("upload_oldest_pending_seconds")))}");
        var failures = counters.GetValueOrDefault("upload_failures");
        return failures == 0 ? text : string.Create(CultureInfo.InvariantCulture, $"{text}; {failures} failures");
    }

    /// <summary>Rows the writer has not acknowledged yet: in memory (lost if the process is killed) and journalled on disk.</summary>
    private static Cell Unwritten(Dictionary<string, long>? counters)
    {
        var memory = counters?.GetValueOrDefault(HandoffCounters.MemoryFrames) ?? 0;
        var journal = counters?.GetValueOrDefault(HandoffCounters.JournalFrames) ?? 0;
        if (memory == 0 && journal == 0)
        {
            return new Cell("");
        }

        return new Cell(FormattableString.Invariant($"{memory} mem, {journal} disk"), Ansi.Yellow);
    }

    private static string Counter(Dictionary<string, long>? counters, string name) =>
        counters is not null && counters.TryGetValue(name, out var value) ? value.ToString(CultureInfo.InvariantCulture) : "";

    private static string Rate(double perSecond) => perSecond.ToString(perSecond >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);

    private static string EventTime(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Lag(DateTimeOffset now, long eventMs) =>
        DurationText.Format(now - DateTimeOffset.FromUnixTimeMilliseconds(eventMs));
}

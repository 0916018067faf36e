using System.Globalization;
using System.Text;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Metrics;

/// <summary>
/// The supervisor's snapshot in the Prometheus text exposition format. Child counters (reconnects,
/// gaps, rows_written, ...) become <c>streamer_{name}</c> with role and symbol labels.
/// </summary>
public static class PrometheusText
{
    /// <summary>Renders every metric of <paramref name="snapshot"/>.</summary>
    public static string Render(SupervisorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var sb = new StringBuilder();
        Family(sb, "streamer_uptime_seconds", "gauge", "Seconds since the supervisor started.");
        Sample(sb, "streamer_uptime_seconds", "", (snapshot.Now - snapshot.StartedAt).TotalSeconds);

        Family(sb, "streamer_child_up", "gauge", "1 when the child process is running.");
        foreach (var c in snapshot.Children)
        {
            Sample(sb, "streamer_child_up", Labels(c), c.Pid is null ? 0 : 1);
        }

        Family(sb, "streamer_child_restarts_total", "counter", "Restarts of the child since the supervisor started.");
        foreach (var c in snapshot.Children)
        {
            Sample(sb, "streamer_child_restarts_total", Labels(c), c.Restarts);
        }

        Family(sb, "streamer_child_crash_loop", "gauge", "1 while the child is in a crash loop.");
        foreach (var c in snapshot.Children)
        {
            Sample(sb, "streamer_child_crash_loop", Labels(c), c.CrashLoop ? 1 : 0);
        }

        var withReports = snapshot.Children.Where(c => c.Report is not null).ToList();
        Family(sb, "streamer_stream_messages_total", "counter", "Messages per stream since the child started.");
        foreach (var c in withReports)
        {
            foreach (var (stream, s) in c.Report!.Streams)
            {
                Sample(sb, "streamer_stream_messages_total", Labels(c, stream), s.Messages);
            }
        }

        Family(sb, "streamer_stream_rows_total", "counter", "CSV rows per stream since the child started.");
        foreach (var c in withReports)
        {
            foreach (var (stream, s) in c.Report!.Streams)
            {
                Sample(sb, "streamer_stream_rows_total", Labels(c, stream), s.Rows);
            }
        }

        Family(sb, "streamer_stream_lag_seconds", "gauge", "Now minus the exchange time of the newest message of the stream.");
        foreach (var c in withReports)
        {
            foreach (var (stream, s) in c.Report!.Streams.Where(s => s.Value.LastEventTimeMs > 0))
            {
                Sample(sb, "streamer_stream_lag_seconds", Labels(c, stream), (snapshot.Now.ToUnixTimeMilliseconds() - s.LastEventTimeMs) / 1000.0);
            }
        }

        foreach (var name in withReports.SelectMany(c => c.Report!.Counters.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var metric = "streamer_" + Sanitize(name);
            Family(sb, metric, "gauge", $"Child counter {name}.");
            foreach (var c in withReports.Where(c => c.Report!.Counters.ContainsKey(name)))
            {
                Sample(sb, metric, Labels(c), c.Report!.Counters[name]);
            }
        }

        return sb.ToString();
    }

    private static void Family(StringBuilder sb, string name, string type, string help) =>
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder sb, string name, string labels, double value) =>
        sb.Append(name).Append(labels).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

    private static string Labels(ChildSnapshot child, string? stream = null)
    {
        var sb = new StringBuilder("{role=\"").Append(Escape(child.Role)).Append('"');
        if (child.Symbol is not null)
        {
            sb.Append(",symbol=\"").Append(Escape(child.Symbol)).Append('"');
        }

        if (stream is not null)
        {
            sb.Append(",stream=\"").Append(Escape(stream)).Append('"');
        }

        return sb.Append('}').ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Sanitize(string name) => new(name.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_').ToArray());
}

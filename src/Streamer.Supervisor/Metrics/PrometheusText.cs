using System.Globalization;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Metrics;

/// <summary>
/// <c>/metrics</c>: the supervisor's snapshot in the Prometheus text format. Process metrics come from the
/// supervisor's own view, stream metrics from each child's status line, named child counters through
/// <see cref="ChildCounterTable"/>, and the writer's latency buckets become a real histogram. Labels:
/// <c>role</c>, <c>symbol</c> (workers), <c>stream</c>. Child counters are totals since that child
/// process started, so they reset when it restarts (Prometheus <c>rate()</c>/<c>increase()</c> handle that).
/// </summary>
public static class PrometheusText
{
    /// <summary>Name of the exchange-to-disk latency histogram.</summary>
    public const string LatencyHistogram = "streamer_exchange_to_disk_latency_seconds";

    /// <summary>Renders every metric of <paramref name="snapshot"/>; <paramref name="health"/> adds <c>streamer_healthy</c>.</summary>
    public static string Render(SupervisorSnapshot snapshot, HealthReport? health = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var w = new PrometheusWriter();
        w.Family("streamer_uptime_seconds", MetricType.Gauge, "Seconds since the supervisor started.")
            .Sample("streamer_uptime_seconds", Seconds(snapshot.Now - snapshot.StartedAt));
        if (health is not null)
        {
            w.Family("streamer_healthy", MetricType.Gauge, "1 when /health answers 200 (critical children up, every symbol has recent data).")
                .Sample("streamer_healthy", health.Healthy ? 1 : 0);
            w.Family("streamer_health_problems", MetricType.Gauge, "Problems /health reports (0 when healthy).")
                .Sample("streamer_health_problems", health.Problems.Count);
        }

        Processes(w, snapshot);
        Streams(w, snapshot);
        Counters(w, snapshot);
        Latency(w, snapshot);
        return w.ToString();
    }

    private static void Processes(PrometheusWriter w, SupervisorSnapshot snapshot)
    {
        w.Family("streamer_child_up", MetricType.Gauge, "1 when the child process is running.");
        foreach (var c in snapshot.Children)
        {
            w.Sample("streamer_child_up", c.Pid is null ? 0 : 1, Labels(c));
        }

        w.Family("streamer_child_restarts_total", MetricType.Counter, "Restarts of the child since the supervisor started (a kill, a crash, an exit).");
        foreach (var c in snapshot.Children)
        {
            w.Sample("streamer_child_restarts_total", c.Restarts, Labels(c));
        }

        w.Family("streamer_child_crash_loop", MetricType.Gauge, "1 while the child is in a crash loop (restarted only every crash_loop_delay).");
        foreach (var c in snapshot.Children)
        {
            w.Sample("streamer_child_crash_loop", c.CrashLoop ? 1 : 0, Labels(c));
        }

        w.Family("streamer_child_uptime_seconds", MetricType.Gauge, "Seconds since the current process of the child started.");
        foreach (var c in snapshot.Children.Where(c => c.StartedAt is not null))
        {
            w.Sample("streamer_child_uptime_seconds", Seconds(snapshot.Now - c.StartedAt!.Value), Labels(c));
        }
    }

    private static void Streams(PrometheusWriter w, SupervisorSnapshot snapshot)
    {
        var reports = snapshot.Children.Where(c => c.Report is not null).ToList();
        w.Family("streamer_stream_messages_total", MetricType.Counter, "Messages per stream (worker: received from the exchange; writer: frames written) since the child started.");
        foreach (var c in reports)
        {
            foreach (var (stream, s) in Sorted(c))
            {
                w.Sample("streamer_stream_messages_total", s.Messages, Labels(c, stream));
            }
        }

        w.Family("streamer_stream_rows_total", MetricType.Counter, "CSV rows per stream (worker: produced; writer: accepted for writing) since the child started.");
        foreach (var c in reports)
        {
            foreach (var (stream, s) in Sorted(c))
            {
                w.Sample("streamer_stream_rows_total", s.Rows, Labels(c, stream));
            }
        }

        w.Family("streamer_stream_lag_seconds", MetricType.Gauge,
            "Now minus the exchange time of the newest message of the stream (role writer: how far the files are behind the exchange).");
        foreach (var c in reports)
        {
            foreach (var (stream, s) in Sorted(c).Where(s => s.Value.LastEventTimeMs > 0))
            {
                w.Sample("streamer_stream_lag_seconds", (snapshot.Now.ToUnixTimeMilliseconds() - s.LastEventTimeMs) / 1000.0, Labels(c, stream));
            }
        }

        w.Family("streamer_stream_last_message_age_seconds", MetricType.Gauge, "Now minus the local receive time of the newest message of the stream.");
        foreach (var c in reports)
        {
            foreach (var (stream, s) in Sorted(c).Where(s => s.Value.LastLocalTimeUs > 0))
            {
                w.Sample("streamer_stream_last_message_age_seconds", AgeSeconds(snapshot.Now, s.LastLocalTimeUs), Labels(c, stream));
            }
        }
    }

    private static void Counters(PrometheusWriter w, SupervisorSnapshot snapshot)
    {
        var reports = snapshot.Children.Where(c => c.Report is not null).ToList();
        foreach (var family in ChildCounterTable.All.GroupBy(m => m.Name, StringComparer.Ordinal))
        {
            var first = family.First();
            w.Family(first.Name, first.Type, first.Help);
            foreach (var c in reports)
            {
                foreach (var metric in family.Where(m => m.Role is null || m.Role == c.Role))
                {
                    if (c.Report!.Counters.TryGetValue(metric.Source, out var value))
                    {
                        w.Sample(first.Name, value, Labels(c));
                    }
                }
            }
        }

        w.Family("streamer_child_counter", MetricType.Gauge, "A child counter without an entry in the metric table, exposed raw under its status-line name.");
        foreach (var c in reports)
        {
            foreach (var (name, value) in c.Report!.Counters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (!ChildCounterTable.IsMapped(c.Role, name))
                {
                    w.Sample("streamer_child_counter", value, [.. Labels(c), ("counter", name)]);
                }
            }
        }
    }

    private static void Latency(PrometheusWriter w, SupervisorSnapshot snapshot)
    {
        var writer = snapshot.Children.FirstOrDefault(c => c.Role == "writer" && c.Report is not null);
        if (writer is null || LatencyCounters.Read(writer.Report!) is not { } histogram)
        {
            return;
        }

        w.Family(LatencyHistogram, MetricType.Histogram,
            "Exchange time of a data frame to the moment the writer handed its rows to the OS (meaningful when the exchange and local clocks agree).");
        foreach (var (upper, count) in histogram.Buckets)
        {
            w.Sample(LatencyHistogram + "_bucket", count, ("le", upper.ToString("R", CultureInfo.InvariantCulture)));
        }

        w.Sample(LatencyHistogram + "_bucket", histogram.Count, ("le", "+Inf"));
        w.Sample(LatencyHistogram + "_sum", histogram.SumSeconds);
        w.Sample(LatencyHistogram + "_count", histogram.Count);
    }

    private static IEnumerable<KeyValuePair<string, Core.Status.StreamStatus>> Sorted(ChildSnapshot c) =>
        c.Report!.Streams.OrderBy(s => s.Key, StringComparer.Ordinal);

    private static (string, string?)[] Labels(ChildSnapshot child, string? stream = null) =>
        [("role", child.Role), ("symbol", child.Symbol), ("stream", stream)];

    private static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 3);

    /// <summary>Seconds from a local receive time (µs since the epoch) to <paramref name="now"/>; never negative.</summary>
    internal static double AgeSeconds(DateTimeOffset now, long localTimeUs) =>
        Math.Max(0, Math.Round((now.ToUnixTimeMilliseconds() * 1000 - localTimeUs) / 1e6, 3));
}

using Prometheus;
using Streamer.Core.Status;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Metrics;

/// <summary>
/// <c>/metrics</c>: the supervisor's view folded into a prometheus-net registry of its own (one per
/// instance, so several supervisors, or tests, can live in one process). Process metrics come from the
/// supervisor, stream metrics from each child's status line, named child counters through
/// <see cref="ChildCounterTable"/>, the writer's latency buckets become a histogram
/// (<see cref="LatencyReplay"/>), and the supervisor's own process and runtime metrics come from
/// prometheus-net's collectors (<see cref="RuntimeMetrics"/>). Labels: <c>role</c>, <c>symbol</c> (workers),
/// <c>stream</c>. Children count since their process started; the counters here accumulate across their
/// restarts and never go backwards (<see cref="CounterSeries"/>).
/// </summary>
/// <remarks>
/// Call <see cref="UpdateAsync"/> often (the server does every second): a child's counts reach the
/// supervisor on its status line about once a second, and the last ones a process reported before it died
/// are only counted if an update saw them.
/// </remarks>
public sealed class SupervisorMetrics : IDisposable
{
    /// <summary>How long the series of a child that is gone (a symbol removed by a reload) are still shown.</summary>
    public static readonly TimeSpan DefaultRetireAfter = TimeSpan.FromMinutes(5);

    /// <summary>Content type of <see cref="ScrapeAsync"/>: the Prometheus text format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly GaugeSeries _gauges;
    private readonly CounterSeries _counters;
    private readonly LatencyReplay _latency;
    private readonly RuntimeMetrics? _runtime;

    /// <param name="runtimeMetrics">Include the supervisor's process and runtime metrics.</param>
    /// <param name="retireAfter">How long series of a child that is gone are kept; default <see cref="DefaultRetireAfter"/>.</param>
    public SupervisorMetrics(bool runtimeMetrics = true, TimeSpan? retireAfter = null)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        _gauges = new GaugeSeries(factory);
        _counters = new CounterSeries(factory, retireAfter ?? DefaultRetireAfter);
        _latency = new LatencyReplay(factory);
        _runtime = runtimeMetrics ? new RuntimeMetrics(_registry) : null;
    }

    /// <summary>Folds <paramref name="snapshot"/> in; <paramref name="health"/> adds <c>streamer_healthy</c>.</summary>
    public async Task UpdateAsync(SupervisorSnapshot snapshot, HealthReport? health = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            Update(snapshot, health);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Folds <paramref name="snapshot"/> in and returns the exposition (UTF-8, <see cref="ContentType"/>).</summary>
    public async Task<byte[]> ScrapeAsync(SupervisorSnapshot snapshot, HealthReport? health = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var buffer = new MemoryStream();
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Updated and exported under one lock, so a scrape never shows half an update; written to memory
            // so a slow client does not hold the lock.
            Update(snapshot, health);
            await _registry.CollectAndExportAsTextAsync(buffer, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        return buffer.ToArray();
    }

    /// <summary><see cref="ScrapeAsync"/> as text.</summary>
    public async Task<string> RenderAsync(SupervisorSnapshot snapshot, HealthReport? health = null, CancellationToken ct = default) =>
        System.Text.Encoding.UTF8.GetString(await ScrapeAsync(snapshot, health, ct).ConfigureAwait(false));

    /// <inheritdoc />
    public void Dispose()
    {
        _runtime?.Dispose();
        _gate.Dispose();
    }

    private void Update(SupervisorSnapshot snapshot, HealthReport? health)
    {
        _gauges.Set("streamer_uptime_seconds", "Seconds since the supervisor started.", SeriesLabels.None, MetricTime.Seconds(snapshot.Now - snapshot.StartedAt));
        if (health is not null)
        {
            _gauges.Set("streamer_healthy", "1 when /health answers 200 (critical children up, every symbol has recent data).", SeriesLabels.None, health.Healthy ? 1 : 0);
            _gauges.Set("streamer_health_problems", "Problems /health reports (0 when healthy).", SeriesLabels.None, health.Problems.Count);
        }

        foreach (var child in snapshot.Children)
        {
            Process(child, snapshot.Now);
            if (child.Report is { } report)
            {
                var epoch = new ProcessEpoch(child.Pid, child.StartedAt);
                Streams(child, report, epoch, snapshot.Now);
                Counters(child, report, epoch);
                if (child.Role == "writer" && LatencyCounters.Read(report) is { } latency)
                {
                    _latency.Fold(epoch, latency);
                }
            }
        }

        _gauges.RemoveUnseen();
        _counters.Retire(snapshot.Children.Select(SeriesLabels.SourceOf), snapshot.Now);
    }

    private void Process(ChildSnapshot child, DateTimeOffset now)
    {
        var labels = SeriesLabels.Of(child);
        _gauges.Set("streamer_child_up", "1 when the child process is running.", labels, child.Pid is null ? 0 : 1);
        _counters.Fold("streamer_child_restarts_total", "Restarts of the child since the supervisor started (a kill, a crash, an exit).",
            SeriesLabels.SourceOf(child), labels, ProcessEpoch.Supervisor, child.Restarts);
        _gauges.Set("streamer_child_crash_loop", "1 while the child is in a crash loop (restarted only every crash_loop_delay).", labels, child.CrashLoop ? 1 : 0);
        if (child.StartedAt is { } started)
        {
            _gauges.Set("streamer_child_uptime_seconds", "Seconds since the current process of the child started.", labels, MetricTime.Seconds(now - started));
        }
    }

    private void Streams(ChildSnapshot child, ChildStatus report, ProcessEpoch epoch, DateTimeOffset now)
    {
        var source = SeriesLabels.SourceOf(child);
        foreach (var (stream, s) in report.Streams.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var labels = SeriesLabels.Of(child, stream);
            _counters.Fold("streamer_stream_messages_total",
                "Messages per stream (worker: received from the exchange; writer: frames written), accumulated across restarts of the child.",
                source, labels, epoch, s.Messages);
            _counters.Fold("streamer_stream_rows_total",
                "CSV rows per stream (worker: produced; writer: accepted for writing), accumulated across restarts of the child.",
                source, labels, epoch, s.Rows);
            if (s.LastEventTimeMs > 0)
            {
                _gauges.Set("streamer_stream_lag_seconds",
                    "Now minus the exchange time of the newest message of the stream (role writer: how far the files are behind the exchange).",
                    labels, (now.ToUnixTimeMilliseconds() - s.LastEventTimeMs) / 1000.0);
            }

            if (s.LastLocalTimeUs > 0)
            {
                _gauges.Set("streamer_stream_last_message_age_seconds", "Now minus the local receive time of the newest message of the stream.",
                    labels, MetricTime.AgeSeconds(now, s.LastLocalTimeUs));
            }
        }
    }

    private void Counters(ChildSnapshot child, ChildStatus report, ProcessEpoch epoch)
    {
        var source = SeriesLabels.SourceOf(child);
        var labels = SeriesLabels.Of(child);
        foreach (var (name, value) in report.Counters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (ChildCounterTable.Find(child.Role, name) is { } metric)
            {
                if (metric.Type == MetricType.Counter)
                {
                    _counters.Fold(metric.Name, metric.Help, source, labels, epoch, value);
                }
                else
                {
                    _gauges.Set(metric.Name, metric.Help, labels, value);
                }
            }
            else if (!ChildCounterTable.IsMapped(child.Role, name))
            {
                _gauges.Set("streamer_child_counter", "A child counter without an entry in the metric table, exposed raw under its status-line name.",
                    SeriesLabels.Of(child, counter: name), value);
            }
        }
    }
}

using System.Globalization;
using NUnit.Framework;
using Streamer.Core.Status;
using Streamer.Supervisor.Metrics;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Tests;

/// <summary>
/// /metrics over several updates: counters that children count since their process started stay
/// monotonic across restarts, the latency histogram accumulates, series of children that are gone go.
/// </summary>
public class MetricsAcrossRestartsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly long[] BoundsMs = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000];

    private static SupervisorSnapshot At(DateTimeOffset now, params ChildSnapshot[] children) => new()
    {
        Pid = 1,
        StartedAt = T0,
        Now = now,
        Mode = "development",
        ConfigPath = "c",
        DataDir = "d",
        Children = [.. children],
    };

    private static ChildSnapshot Worker(string symbol, int? pid, DateTimeOffset? startedAt, int restarts, long reconnects, long messages, long unacked = 0) => new()
    {
        Role = "worker",
        Symbol = symbol,
        Pid = pid,
        State = pid is null ? "restarting" : "running",
        StartedAt = startedAt,
        Restarts = restarts,
        Report = pid is null ? null : new ChildStatus
        {
            Role = "worker",
            Symbol = symbol,
            Streams = { ["aggtrade"] = new StreamStatus(messages, messages, startedAt!.Value.ToUnixTimeMilliseconds(), startedAt.Value.ToUnixTimeMilliseconds() * 1000) },
            Counters = { ["reconnects"] = reconnects, ["unacked_frames"] = unacked },
        },
    };

    /// <summary>A writer whose latency histogram saw <paramref name="latenciesMs"/>, published as the writer does (cumulative counters).</summary>
    private static ChildSnapshot Writer(int pid, DateTimeOffset startedAt, params long[] latenciesMs)
    {
        var counters = new Dictionary<string, long>();
        foreach (var bound in BoundsMs)
        {
            counters["latency_ms_le_" + bound.ToString(CultureInfo.InvariantCulture)] = latenciesMs.Count(l => l <= bound);
        }

        counters["latency_ms_le_inf"] = latenciesMs.Length;
        counters["latency_ms_sum"] = latenciesMs.Sum();
        return new ChildSnapshot
        {
            Role = "writer",
            Pid = pid,
            State = "running",
            StartedAt = startedAt,
            Report = new ChildStatus { Role = "writer", Counters = counters },
        };
    }

    private const string Btc = "role=\"worker\",symbol=\"BTCUSDT\"";
    private const string BtcAggTrade = "role=\"worker\",symbol=\"BTCUSDT\",stream=\"aggtrade\"";

    [Test]
    public async Task ChildCounters_StayMonotonicAcrossAChildRestart()
    {
        using var metrics = new SupervisorMetrics(runtimeMetrics: false);
        var first = await metrics.RenderAsync(At(T0.AddSeconds(10), Worker("BTCUSDT", 3, T0, 0, reconnects: 4, messages: 10, unacked: 2)));
        Assert.That(Scrape.Value(first, "streamer_reconnects_total", Btc), Is.EqualTo(4));
        Assert.That(Scrape.Value(first, "streamer_stream_messages_total", BtcAggTrade), Is.EqualTo(10));

        // Killed: no report while it is down. The counters keep their totals; its gauges are not shown.
        var down = await metrics.RenderAsync(At(T0.AddSeconds(11), Worker("BTCUSDT", null, null, 1, 0, 0)));
        Assert.That(Scrape.Value(down, "streamer_reconnects_total", Btc), Is.EqualTo(4));
        Assert.That(Scrape.Value(down, "streamer_stream_messages_total", BtcAggTrade), Is.EqualTo(10));
        Assert.That(Scrape.Value(down, "streamer_child_up", Btc), Is.Zero);
        Assert.That(Scrape.Find(down, "streamer_unacked_frames", Btc), Is.Null, "a gauge of a process that is gone is not shown");
        Assert.That(Scrape.Find(down, "streamer_stream_lag_seconds", BtcAggTrade), Is.Null);

        // The new process counts from 0 again; the exposed counters go on from where they were.
        var restarted = await metrics.RenderAsync(At(T0.AddSeconds(12), Worker("BTCUSDT", 7, T0.AddSeconds(12), 1, reconnects: 1, messages: 2)));
        Assert.That(Scrape.Value(restarted, "streamer_reconnects_total", Btc), Is.EqualTo(5));
        Assert.That(Scrape.Value(restarted, "streamer_stream_messages_total", BtcAggTrade), Is.EqualTo(12));
        Assert.That(Scrape.Value(restarted, "streamer_stream_rows_total", BtcAggTrade), Is.EqualTo(12));
        Assert.That(Scrape.Value(restarted, "streamer_child_restarts_total", Btc), Is.EqualTo(1));
        Assert.That(Scrape.Value(restarted, "streamer_unacked_frames", Btc), Is.Zero, "gauges are the current process's");

        var later = await metrics.RenderAsync(At(T0.AddSeconds(13), Worker("BTCUSDT", 7, T0.AddSeconds(12), 1, reconnects: 3, messages: 6)));
        Assert.That(Scrape.Value(later, "streamer_reconnects_total", Btc), Is.EqualTo(7));
        Assert.That(Scrape.Value(later, "streamer_stream_messages_total", BtcAggTrade), Is.EqualTo(16));
    }

    [Test]
    public async Task ARestartBetweenTwoUpdates_IsToldByTheNewProcess_EvenWhenItAlreadyCountedMore()
    {
        using var metrics = new SupervisorMetrics(runtimeMetrics: false);
        await metrics.UpdateAsync(At(T0.AddSeconds(10), Worker("BTCUSDT", 3, T0, 0, reconnects: 4, messages: 10)));
        var text = await metrics.RenderAsync(At(T0.AddSeconds(20), Worker("BTCUSDT", 7, T0.AddSeconds(11), 1, reconnects: 6, messages: 15)));
        Assert.That(Scrape.Value(text, "streamer_reconnects_total", Btc), Is.EqualTo(10));
        Assert.That(Scrape.Value(text, "streamer_stream_messages_total", BtcAggTrade), Is.EqualTo(25));
    }

    [Test]
    public async Task RestartsTotal_DoesNotFall_WhenAReloadReplacesTheChild()
    {
        using var metrics = new SupervisorMetrics(runtimeMetrics: false);
        await metrics.UpdateAsync(At(T0.AddSeconds(10), Worker("BTCUSDT", 3, T0, restarts: 2, 0, 0)));
        // A reload stops the worker and starts a new one: the supervisor's count for it starts at 0 again.
        var replaced = await metrics.RenderAsync(At(T0.AddSeconds(20), Worker("BTCUSDT", 8, T0.AddSeconds(19), restarts: 0, 0, 0)));
        Assert.That(Scrape.Value(replaced, "streamer_child_restarts_total", Btc), Is.EqualTo(2));
        var again = await metrics.RenderAsync(At(T0.AddSeconds(30), Worker("BTCUSDT", 9, T0.AddSeconds(29), restarts: 1, 0, 0)));
        Assert.That(Scrape.Value(again, "streamer_child_restarts_total", Btc), Is.EqualTo(3));
    }

    [Test]
    public async Task TheLatencyHistogram_AccumulatesAcrossAWriterRestart_BucketSumAndCountExact()
    {
        using var metrics = new SupervisorMetrics(runtimeMetrics: false);
        long[] before = [3, 5, 7, 700, 120_000];
        var first = await metrics.RenderAsync(At(T0.AddSeconds(5), Writer(2, T0, before)));
        AssertHistogram(first, before);

        // Restarted writer: its counters begin at 0; the histogram goes on.
        long[] after = [1, 12, 30_001, 61_000];
        var second = await metrics.RenderAsync(At(T0.AddSeconds(9), Writer(9, T0.AddSeconds(8), after)));
        AssertHistogram(second, [.. before, .. after]);
        foreach (var bound in BoundsMs.Select(b => (b / 1000.0).ToString(CultureInfo.InvariantCulture)).Append("+Inf"))
        {
            var le = $"le=\"{bound}\"";
            Assert.That(Scrape.Value(second, "streamer_exchange_to_disk_latency_seconds_bucket", le),
                Is.GreaterThanOrEqualTo(Scrape.Value(first, "streamer_exchange_to_disk_latency_seconds_bucket", le)), le);
        }
    }

    [Test]
    public async Task TheLatencyHistogram_FollowsManySmallUpdates_WithoutDrift()
    {
        var random = new Random(17);
        using var metrics = new SupervisorMetrics(runtimeMetrics: false);
        var all = new List<long>();
        var current = new List<long>();
        var pid = 2;
        var started = T0;
        string text = "";
        for (var step = 1; step <= 200; step++)
        {
            if (step % 50 == 0)
            {
                pid++;
                started = T0.AddSeconds(step);
                current.Clear();
            }

            var n = random.Next(0, 6);
            for (var i = 0; i < n; i++)
            {
                // Mostly fast, sometimes slow, now and then beyond the largest bound.
                var latency = random.Next(10) switch { < 7 => random.Next(0, 60), < 9 => random.Next(60, 5_000), _ => random.Next(5_000, 90_000) };
                current.Add(latency);
                all.Add(latency);
            }

            text = await metrics.RenderAsync(At(T0.AddSeconds(step), Writer(pid, started, [.. current])));
        }

        AssertHistogram(text, [.. all]);
    }

    [Test]
    public async Task SeriesOfAChildThatIsGone_GaugesAtOnce_CountersAfterTheRetirementPeriod()
    {
        using var metrics = new SupervisorMetrics(runtimeMetrics: false, retireAfter: TimeSpan.FromMinutes(1));
        var btc = Worker("BTCUSDT", 3, T0, 0, reconnects: 1, messages: 5);
        await metrics.UpdateAsync(At(T0.AddSeconds(1), btc, Worker("ETHUSDT", 4, T0, 0, reconnects: 2, messages: 7)));

        // ETHUSDT removed by a reload (or stopped for a moment while its group restarts).
        var gone = await metrics.RenderAsync(At(T0.AddSeconds(30), btc));
        const string eth = "role=\"worker\",symbol=\"ETHUSDT\"";
        Assert.That(Scrape.Find(gone, "streamer_child_up", eth), Is.Null);
        Assert.That(Scrape.Value(gone, "streamer_reconnects_total", eth), Is.EqualTo(2), "kept over a short absence, so a restart is not a new series");

        var retired = await metrics.RenderAsync(At(T0.AddSeconds(90), btc));
        Assert.That(Scrape.Find(retired, "streamer_reconnects_total", eth), Is.Null);
        Assert.That(Scrape.Find(retired, "streamer_stream_messages_total", "role=\"worker\",symbol=\"ETHUSDT\",stream=\"aggtrade\""), Is.Null);
        Assert.That(Scrape.Value(retired, "streamer_reconnects_total", Btc), Is.EqualTo(1), "a child that stays keeps its series");
    }

    [Test]
    public async Task TwoInstances_InOneProcess_KeepTheirOwnRegistries()
    {
        using var one = new SupervisorMetrics(runtimeMetrics: false);
        using var two = new SupervisorMetrics(runtimeMetrics: false);
        var a = await one.RenderAsync(At(T0.AddSeconds(1), Worker("BTCUSDT", 3, T0, 0, reconnects: 1, messages: 5)));
        var b = await two.RenderAsync(At(T0.AddSeconds(1), Worker("ETHUSDT", 4, T0, 0, reconnects: 9, messages: 7)));
        Assert.That(Scrape.Value(a, "streamer_reconnects_total", Btc), Is.EqualTo(1));
        Assert.That(a, Does.Not.Contain("ETHUSDT"));
        Assert.That(Scrape.Value(b, "streamer_reconnects_total", "role=\"worker\",symbol=\"ETHUSDT\""), Is.EqualTo(9));
        Assert.That(b, Does.Not.Contain("BTCUSDT"));
    }

    /// <summary>Buckets and count exactly those of <paramref name="latenciesMs"/>, the sum to float rounding.</summary>
    private static void AssertHistogram(string text, long[] latenciesMs)
    {
        const string name = "streamer_exchange_to_disk_latency_seconds";
        foreach (var bound in BoundsMs)
        {
            var le = (bound / 1000.0).ToString(CultureInfo.InvariantCulture);
            Assert.That(Scrape.Value(text, name + "_bucket", $"le=\"{le}\""), Is.EqualTo(latenciesMs.Count(l => l <= bound)), "le " + le);
        }

        Assert.That(Scrape.Value(text, name + "_bucket", "le=\"+Inf\""), Is.EqualTo(latenciesMs.Length));
        Assert.That(Scrape.Value(text, name + "_count"), Is.EqualTo(latenciesMs.Length));
        Assert.That(Scrape.Value(text, name + "_sum"), Is.EqualTo(latenciesMs.Sum() / 1000.0).Within(1e-6));
        PrometheusFormat.AssertWellFormed(text);
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Streamer.Core.Status;
using Streamer.Supervisor.Metrics;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Tests;

public class MetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static long NowUs => Now.ToUnixTimeMilliseconds() * 1000;

    private static SupervisorSnapshot Snapshot(bool writerUp = true, bool crashLoop = false) => new()
    {
        Pid = 1,
        StartedAt = Now - TimeSpan.FromMinutes(1),
        Now = Now,
        Mode = "development",
        ConfigPath = "c",
        DataDir = "d",
        Children =
        [
            new ChildSnapshot
            {
                Role = "writer", Pid = writerUp ? 2 : null, State = writerUp ? "running" : "restarting", Restarts = writerUp ? 0 : 1,
                StartedAt = writerUp ? Now - TimeSpan.FromSeconds(30) : null,
                Report = writerUp ? new ChildStatus
                {
                    Role = "writer",
                    Streams = { ["aggtrade"] = new StreamStatus(5, 9, Now.ToUnixTimeMilliseconds() - 2000, NowUs) },
                    Counters =
                    {
                        ["rows_written"] = 9, ["bytes_written"] = 900, ["files_open"] = 2, ["buffered_bytes"] = 0,
                        ["latency_ms_le_5"] = 1, ["latency_ms_le_10"] = 3, ["latency_ms_le_1000"] = 4, ["latency_ms_le_inf"] = 5, ["latency_ms_sum"] = 1234,
                    },
                } : null,
            },
            new ChildSnapshot
            {
                Role = "worker", Symbol = "BTCUSDT", Pid = 3, State = "running", CrashLoop = crashLoop, StartedAt = Now - TimeSpan.FromSeconds(50),
                Report = new ChildStatus
                {
                    Role = "worker",
                    Symbol = "BTCUSDT",
                    Streams = { ["aggtrade"] = new StreamStatus(10, 9, Now.ToUnixTimeMilliseconds() - 500, NowUs - 250_000) },
                    Counters = { ["reconnects"] = 4, ["rest_weight_used"] = 40, ["unacked_frames"] = 3, ["something_new"] = 7 },
                },
            },
            new ChildSnapshot
            {
                Role = "orderbook", Pid = 4, State = "running",
                Report = new ChildStatus { Role = "orderbook", Counters = { ["rows_written"] = 11, ["books_synced"] = 1, ["resyncs"] = 2 } },
            },
        ],
    };

    /// <summary>One update and scrape of a fresh exposition (without the supervisor's own process metrics, which vary).</summary>
    private static async Task<string> RenderAsync(SupervisorSnapshot snapshot, HealthReport? health = null)
    {
        using var metrics = new SupervisorMetrics(runtimeMetrics: false);
        return await metrics.RenderAsync(snapshot, health);
    }

    [Test]
    public async Task StreamAndProcessMetrics_CarryRoleSymbolAndStreamLabels()
    {
        var text = await RenderAsync(Snapshot());
        Assert.That(text, Does.Contain("streamer_uptime_seconds 60\n"));
        Assert.That(text, Does.Contain("streamer_child_up{role=\"writer\"} 1\n"));
        Assert.That(text, Does.Contain("streamer_child_uptime_seconds{role=\"worker\",symbol=\"BTCUSDT\"} 50\n"));
        Assert.That(text, Does.Contain("streamer_stream_messages_total{role=\"worker\",symbol=\"BTCUSDT\",stream=\"aggtrade\"} 10\n"));
        Assert.That(text, Does.Contain("streamer_stream_rows_total{role=\"writer\",stream=\"aggtrade\"} 9\n"));
        Assert.That(text, Does.Contain("streamer_stream_lag_seconds{role=\"worker\",symbol=\"BTCUSDT\",stream=\"aggtrade\"} 0.5\n"));
        Assert.That(text, Does.Contain("streamer_stream_lag_seconds{role=\"writer\",stream=\"aggtrade\"} 2\n"));
        Assert.That(text, Does.Contain("streamer_stream_last_message_age_seconds{role=\"worker\",symbol=\"BTCUSDT\",stream=\"aggtrade\"} 0.25\n"));
    }

    [Test]
    public async Task ChildCounters_MapThroughTheTable_CountersEndInTotal_GaugesDoNot()
    {
        var text = await RenderAsync(Snapshot());
        Assert.That(text, Does.Contain("# TYPE streamer_reconnects_total counter\nstreamer_reconnects_total{role=\"worker\",symbol=\"BTCUSDT\"} 4\n"));
        Assert.That(text, Does.Contain("# TYPE streamer_rest_weight_used_total counter\nstreamer_rest_weight_used_total{role=\"worker\",symbol=\"BTCUSDT\"} 40\n"));
        Assert.That(text, Does.Contain("# TYPE streamer_unacked_frames gauge\nstreamer_unacked_frames{role=\"worker\",symbol=\"BTCUSDT\"} 3\n"));
        Assert.That(text, Does.Contain("# TYPE streamer_written_bytes_total counter\nstreamer_written_bytes_total{role=\"writer\"} 900\n"));
        Assert.That(text, Does.Contain("streamer_resyncs_total{role=\"orderbook\"} 2\n"));
        Assert.That(text, Does.Contain("streamer_child_counter{role=\"worker\",symbol=\"BTCUSDT\",counter=\"something_new\"} 7\n"), "unmapped counters stay visible");
        Assert.That(text, Does.Not.Contain("counter=\"latency_ms"), "latency counters become the histogram, not raw counters");
    }

    [Test]
    public async Task ACounterNameSharedByRoles_MapsPerRole()
    {
        var text = await RenderAsync(Snapshot());
        Assert.That(text, Does.Contain("streamer_rows_written_total{role=\"writer\"} 9\n"));
        Assert.That(text, Does.Not.Contain("streamer_rows_written_total{role=\"orderbook\"}"));
        Assert.That(text, Does.Contain("streamer_book_rows_total{role=\"orderbook\"} 11\n"));
    }

    [Test]
    public async Task HandoffAndUploadBacklog_AreExposed()
    {
        var snapshot = Snapshot() with
        {
            Children =
            [
                new ChildSnapshot
                {
                    Role = "worker", Symbol = "BTCUSDT", Pid = 3, State = "running", StartedAt = Now,
                    Report = new ChildStatus { Role = "worker", Symbol = "BTCUSDT", Counters = { ["handoff_memory_frames"] = 5, ["journal_frames"] = 12, ["journal_bytes"] = 4096 } },
                },
                new ChildSnapshot
                {
                    Role = "uploader", Pid = 6, State = "running", StartedAt = Now,
                    Report = new ChildStatus
                    {
                        Role = "uploader",
                        Counters = { ["upload_pending_files"] = 2, ["upload_pending_bytes"] = 900, ["upload_oldest_pending_seconds"] = 30, ["uploaded_files"] = 7, ["upload_failures"] = 1 },
                    },
                },
            ],
        };
        var text = await RenderAsync(snapshot);
        Assert.That(text, Does.Contain("streamer_handoff_memory_frames{role=\"worker\",symbol=\"BTCUSDT\"} 5\n"));
        Assert.That(text, Does.Contain("streamer_journal_frames{role=\"worker\",symbol=\"BTCUSDT\"} 12\n"));
        Assert.That(text, Does.Contain("streamer_journal_bytes{role=\"worker\",symbol=\"BTCUSDT\"} 4096\n"));
        Assert.That(text, Does.Contain("# TYPE streamer_upload_pending_files gauge\nstreamer_upload_pending_files{role=\"uploader\"} 2\n"));
        Assert.That(text, Does.Contain("streamer_upload_pending_bytes{role=\"uploader\"} 900\n"));
        Assert.That(text, Does.Contain("streamer_upload_oldest_pending_seconds{role=\"uploader\"} 30\n"));
        Assert.That(text, Does.Contain("# TYPE streamer_uploaded_files_total counter\nstreamer_uploaded_files_total{role=\"uploader\"} 7\n"));
        Assert.That(text, Does.Contain("streamer_upload_failures_total{role=\"uploader\"} 1\n"));
        Assert.That(text, Does.Not.Contain("streamer_child_counter{"), "every handoff and upload counter has a name");
    }

    [Test]
    public void Table_NamesFollowPrometheusConventions()
    {
        foreach (var m in ChildCounterTable.All)
        {
            Assert.That(m.Name, Does.Match("^streamer_[a-z0-9_]+$"), m.Name);
            Assert.That(m.Name.EndsWith("_total", StringComparison.Ordinal), Is.EqualTo(m.Type == MetricType.Counter), $"{m.Name}: _total exactly for counters");
            Assert.That(m.Help, Is.Not.Empty, m.Name);
        }

        var families = ChildCounterTable.All.GroupBy(m => m.Name);
        Assert.That(families.All(f => f.Select(m => m.Type).Distinct().Count() == 1), "one type per family");
        Assert.That(ChildCounterTable.All.GroupBy(m => (m.Source, m.Role)).All(g => g.Count() == 1), "one metric per counter and role");
    }

    [Test]
    public async Task WriterLatencyCounters_BecomeAPrometheusHistogram_WithBucketSumAndCount()
    {
        var text = await RenderAsync(Snapshot());
        // prometheus-net writes _sum and _count before the buckets.
        Assert.That(text, Does.Contain(
            "# TYPE streamer_exchange_to_disk_latency_seconds histogram\n" +
            "streamer_exchange_to_disk_latency_seconds_sum "));
        Assert.That(text, Does.Contain(
            "\nstreamer_exchange_to_disk_latency_seconds_count 5\n" +
            "streamer_exchange_to_disk_latency_seconds_bucket{le=\"0.005\"} 1\n" +
            "streamer_exchange_to_disk_latency_seconds_bucket{le=\"0.01\"} 3\n" +
            "streamer_exchange_to_disk_latency_seconds_bucket{le=\"1\"} 4\n" +
            "streamer_exchange_to_disk_latency_seconds_bucket{le=\"+Inf\"} 5\n"));
        // The sum is a float added up from the replayed observations: the writer's 1234 ms, to rounding.
        Assert.That(Scrape.Value(text, "streamer_exchange_to_disk_latency_seconds_sum"), Is.EqualTo(1.234).Within(1e-9));
    }

    [Test]
    public async Task Exposition_IsWellFormed_EachFamilyOnce_SamplesRightAfterTheirFamily_RuntimeMetricsIncluded()
    {
        var snapshot = Snapshot();
        using var metrics = new SupervisorMetrics();
        var text = await metrics.RenderAsync(snapshot, HealthCheck.Evaluate(snapshot));
        PrometheusFormat.AssertWellFormed(text);
        Assert.That(text, Does.Contain("streamer_healthy 1\n"));
        Assert.That(text, Does.Contain("\nprocess_cpu_seconds_total "), "prometheus-net's process metrics");
        Assert.That(text, Does.Contain("\nprocess_working_set_bytes "));
        Assert.That(text, Does.Contain("\ndotnet_collection_count_total{generation=\"0\"} "));
        Assert.That(text, Does.Contain("\n# TYPE system_runtime_dotnet_"), "the runtime's System.Runtime meter");
    }

    [Test]
    public async Task LabelValues_AreEscaped()
    {
        var snapshot = Snapshot() with
        {
            Children = [new ChildSnapshot { Role = "worker", Symbol = "A\"B\\C\nD", Pid = 5, State = "running" }],
        };
        var text = await RenderAsync(snapshot);
        Assert.That(text, Does.Contain("streamer_child_up{role=\"worker\",symbol=\"A\\\"B\\\\C\\nD\"} 1\n"));
        PrometheusFormat.AssertWellFormed(text);
    }

    [Test]
    public async Task Server_ServesMetricsAndHealth_OnAFreePort()
    {
        var healthy = true;
        var server = await MetricsServer.TryStartAsync("127.0.0.1:0", () => Snapshot(writerUp: healthy), NullLogger.Instance, CancellationToken.None);
        Assert.That(server, Is.Not.Null);
        await using (server!)
        {
            using var http = new HttpClient { BaseAddress = server!.Address, Timeout = TimeSpan.FromSeconds(10) };
            var metrics = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
            Assert.That(metrics.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            var text = await metrics.Content.ReadAsStringAsync();
            Assert.That(text, Does.Contain("streamer_child_up"));
            Assert.That(text, Does.Contain("\nprocess_cpu_seconds_total "));
            PrometheusFormat.AssertWellFormed(text);
            var ok = await http.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using (var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()))
            {
                Assert.That(body.RootElement.GetProperty("healthy").GetBoolean(), Is.True);
                Assert.That(body.RootElement.GetProperty("symbols")[0].GetProperty("symbol").GetString(), Is.EqualTo("BTCUSDT"));
            }

            healthy = false;
            var bad = await http.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            using var badBody = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
            Assert.That(badBody.RootElement.GetProperty("healthy").GetBoolean(), Is.False);
            Assert.That(badBody.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetString()),
                Has.Some.StartsWith("the writer is not running"));
        }
    }

    [Test]
    public async Task AnAddressInUse_IsNotFatal()
    {
        var first = await MetricsServer.TryStartAsync("127.0.0.1:0", () => Snapshot(), NullLogger.Instance, CancellationToken.None);
        await using (first!)
        {
            var second = await MetricsServer.TryStartAsync("127.0.0.1:" + first!.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), () => Snapshot(), NullLogger.Instance, CancellationToken.None);
            Assert.That(second, Is.Null);
        }
    }
}

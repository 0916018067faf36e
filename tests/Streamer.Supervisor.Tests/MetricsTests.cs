using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Streamer.Core.Status;
using Streamer.Supervisor.Metrics;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Tests;

public class MetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

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
            new ChildSnapshot { Role = "writer", Pid = writerUp ? 2 : null, State = writerUp ? "running" : "restarting", Restarts = writerUp ? 0 : 1 },
            new ChildSnapshot
            {
                Role = "worker", Symbol = "BTCUSDT", Pid = 3, State = "running", CrashLoop = crashLoop,
                Report = new ChildStatus
                {
                    Role = "worker",
                    Symbol = "BTCUSDT",
                    Streams = { ["aggtrade"] = new StreamStatus(10, 9, Now.ToUnixTimeMilliseconds() - 500, 0) },
                    Counters = { ["reconnects"] = 4, ["rest_weight_used"] = 40 },
                },
            },
        ],
    };

    [Test]
    public void PrometheusText_HasChildAndStreamMetricsWithLabels()
    {
        var text = PrometheusText.Render(Snapshot());
        Assert.That(text, Does.Contain("streamer_uptime_seconds 60\n"));
        Assert.That(text, Does.Contain("streamer_child_up{role=\"writer\"} 1\n"));
        Assert.That(text, Does.Contain("streamer_stream_messages_total{role=\"worker\",symbol=\"BTCUSDT\",stream=\"aggtrade\"} 10\n"));
        Assert.That(text, Does.Contain("streamer_stream_lag_seconds{role=\"worker\",symbol=\"BTCUSDT\",stream=\"aggtrade\"} 0.5\n"));
        Assert.That(text, Does.Contain("# TYPE streamer_reconnects gauge\nstreamer_reconnects{role=\"worker\",symbol=\"BTCUSDT\"} 4\n"));
    }

    [Test]
    public void Health_FailsWithoutAWriterOrWithACrashLoop()
    {
        Assert.That(HealthCheck.Problems(Snapshot()), Is.Empty);
        Assert.That(HealthCheck.Problems(Snapshot(writerUp: false)), Is.EqualTo(new[] { "the writer is not running" }));
        Assert.That(HealthCheck.Problems(Snapshot(crashLoop: true)), Is.EqualTo(new[] { "worker BTCUSDT is in a crash loop" }));
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
            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.That(metrics, Does.Contain("streamer_child_up"));
            var ok = await http.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            healthy = false;
            var bad = await http.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await bad.Content.ReadAsStringAsync(), Is.EqualTo("{\"healthy\":false,\"problems\":[\"the writer is not running\"]}"));
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

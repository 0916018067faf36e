using NUnit.Framework;
using Streamer.Core.Status;
using Streamer.Supervisor.Commands;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Tests;

public class StatusRenderingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static SupervisorSnapshot Sample() => new()
    {
        Pid = 100,
        StartedAt = Now - TimeSpan.FromHours(2),
        Now = Now,
        Mode = "production",
        ConfigPath = "/c/config.yaml",
        DataDir = "/d",
        Children =
        [
            new ChildSnapshot
            {
                Role = "writer", Pid = 101, State = "running", StartedAt = Now - TimeSpan.FromHours(2),
                Report = new ChildStatus { Role = "writer", State = "writing", Counters = { ["rows_written"] = 123456, ["files_open"] = 12 } },
            },
            new ChildSnapshot
            {
                Role = "worker", Symbol = "BTCUSDT", Pid = 102, State = "running", StartedAt = Now - TimeSpan.FromMinutes(5), Restarts = 1,
                MessagesPerSecond = { ["aggtrade"] = 12.5, ["depth"] = 10 },
                Report = new ChildStatus
                {
                    Role = "worker", Symbol = "BTCUSDT", State = "streaming",
                    Streams =
                    {
                        ["aggtrade"] = new StreamStatus(1000, 1000, Now.ToUnixTimeMilliseconds() - 250, 0),
                        ["depth"] = new StreamStatus(500, 9000, Now.ToUnixTimeMilliseconds() - 1500, 0),
                    },
                    Counters = { ["rest_weight_used"] = 40 },
                },
            },
            new ChildSnapshot
            {
                Role = "orderbook", Pid = 103, State = "running", StartedAt = Now - TimeSpan.FromHours(2),
                Report = new ChildStatus
                {
                    Role = "orderbook",
                    Info = { ["BTCUSDT.synced"] = "true", ["BTCUSDT.feed"] = "connected", ["ETHUSDT.synced"] = "false", ["ETHUSDT.feed"] = "waiting" },
                },
            },
            new ChildSnapshot
            {
                Role = "worker", Symbol = "ETHUSDT", State = "crash-loop", CrashLoop = true, Restarts = 5,
                Detail = "exit code 1", NextStartAt = Now + TimeSpan.FromMinutes(4),
            },
        ],
    };

    [Test]
    public void ProcessTable_ShowsEveryChildInAlignedColumns()
    {
        var text = StatusTable.Render(Sample(), color: false);
        var all = text.Split('\n');
        var lines = all.Take(Array.IndexOf(all, "", 2)).ToArray();
        Assert.That(lines[0], Is.EqualTo("streamer running: pid 100, up 2h 0m, mode production, data /d"));
        var header = lines[2];
        var btc = lines.Single(l => l.StartsWith("worker ", StringComparison.Ordinal) && l.Contains("BTCUSDT", StringComparison.Ordinal));
        var eth = lines.Single(l => l.StartsWith("worker ", StringComparison.Ordinal) && l.Contains("ETHUSDT", StringComparison.Ordinal));
        Assert.That(btc.IndexOf("streaming", StringComparison.Ordinal), Is.EqualTo(header.IndexOf("STATE", StringComparison.Ordinal)));
        Assert.That(btc.IndexOf("22.5", StringComparison.Ordinal), Is.EqualTo(header.IndexOf("MSG/S", StringComparison.Ordinal)));
        Assert.That(btc, Does.Contain("11:59:59.750").And.Contain("250ms"), "newest event and its lag");
        Assert.That(btc, Does.Contain(" 40 "), "REST weight");
        Assert.That(eth.IndexOf("crash-loop", StringComparison.Ordinal), Is.EqualTo(header.IndexOf("STATE", StringComparison.Ordinal)));
        Assert.That(eth, Does.EndWith("restart in 4m 0s; exit code 1"));
        Assert.That(btc.IndexOf("synced", StringComparison.Ordinal), Is.EqualTo(header.IndexOf("BOOK", StringComparison.Ordinal)));
        Assert.That(eth, Does.Contain("no feed"));
        Assert.That(lines.Single(l => l.StartsWith("orderbook", StringComparison.Ordinal)), Does.Contain("1/2 synced"));
        Assert.That(lines.Single(l => l.StartsWith("writer", StringComparison.Ordinal)), Does.Contain("123456").And.Contain("12"));
        Assert.That(text, Does.Not.Contain("\u001b"), "no colour unless asked");
        Assert.That(all.All(l => l == l.TrimEnd()), Is.True, "no trailing spaces");
    }

    [Test]
    public void StreamTable_ShowsRatesAndLagsPerStream()
    {
        var lines = StatusTable.Render(Sample(), color: false).Split('\n');
        var depth = lines.Single(l => l.Contains("depth", StringComparison.Ordinal) && l.StartsWith("worker", StringComparison.Ordinal));
        Assert.That(depth, Does.Contain("10.0").And.Contain("500").And.Contain("9000").And.Contain("1.5s"));
    }

    [Test]
    public void Colour_IsAppliedOnlyWhenAsked_AndDoesNotBreakAlignment()
    {
        var coloured = StatusTable.Render(Sample(), color: true);
        Assert.That(coloured, Does.Contain(Ansi.Red + "crash-loop" + Ansi.Reset));
        var stripped = System.Text.RegularExpressions.Regex.Replace(coloured, "\u001b\\[[0-9;]*m", "");
        Assert.That(stripped, Is.EqualTo(StatusTable.Render(Sample(), color: false)));
    }

    [Test]
    public void Snapshot_RoundTripsThroughJson()
    {
        var json = SnapshotSerializer.Serialize(Sample());
        Assert.That(json, Does.Contain("\"running\":true").And.Contain("\"messages_per_second\""));
        var back = SnapshotSerializer.Deserialize(json);
        Assert.That(back.Children, Has.Count.EqualTo(4));
        Assert.That(back.Children[1].Report!.Streams["depth"].Rows, Is.EqualTo(9000));
        Assert.That(StatusTable.Render(back, false), Is.EqualTo(StatusTable.Render(Sample(), false)));
    }

    [Test]
    public void NotRunning_ShowsTheConfiguration()
    {
        var config = TestConfigs.WithSymbols("BTCUSDT", "ETHUSDT");
        var text = StatusTable.RenderNotRunning(config);
        Assert.That(text, Does.StartWith("streamer is not running\n"));
        Assert.That(text, Does.Contain("symbols:  BTCUSDT ETHUSDT"));
        Assert.That(SnapshotSerializer.SerializeIndented(StatusHandler.ToStatus(config)), Does.Contain("\"running\": false"));
    }

    [Test]
    public void ListSymbols_ShowsModeStreamsSnapshotAndEnabled()
    {
        var config = TestConfigs.Parse("""
            mode: production
            modes:
              production:
                symbols:
                  - BTCUSDT
                  - {symbol: BNBUSDT, streams: [aggtrade, depth], depth_snapshot: false, enabled: false}
            """);
        var lines = ListSymbolsHandler.Render(config, color: false).Split('\n');
        Assert.That(lines[0], Does.StartWith("mode: production (1 of 2 symbols enabled;"));
        Assert.That(lines[2], Does.StartWith("SYMBOL   EXCHANGE"));
        Assert.That(lines[3], Does.StartWith("BTCUSDT  binance-um  yes      yes             aggtrade,"));
        Assert.That(lines[4], Is.EqualTo("BNBUSDT  binance-um  no       no              aggtrade,depth"));
    }

    [TestCase(0.4, "400ms")]
    [TestCase(4.24, "4.2s")]
    [TestCase(59, "59s")]
    [TestCase(185, "3m 5s")]
    [TestCase(7800, "2h 10m")]
    [TestCase(273600, "3d 4h")]
    [TestCase(-5, "0ms")]
    public void Durations_AreShort(double seconds, string text)
    {
        Assert.That(DurationText.Format(TimeSpan.FromSeconds(seconds)), Is.EqualTo(text));
    }
}

using NUnit.Framework;
using Streamer.Core.Processes;
using Streamer.IntegrationTests.Infrastructure;

namespace Streamer.IntegrationTests;

/// <summary>Issue 4: no silent hole in aggTrade, whatever happens to connections and workers.</summary>
[NonParallelizable]
public class WorkerResilienceTests
{
    private static readonly string[] Two = ["BTCUSDT", "ETHUSDT"];

    [Test, CancelAfter(150_000)]
    public async Task ForcedDisconnects_NoMissingNoDuplicateTrades(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(Two, ct: ct);
        await run.WaitForMoreTradesAsync(20, TimeSpan.FromSeconds(60));

        for (var i = 0; i < 4; i++)
        {
            Assert.That(run.Exchange.DropConnections(), Is.GreaterThan(0), "connections to drop");
            await run.WaitForMoreTradesAsync(30, TimeSpan.FromSeconds(30));
        }

        await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(30));
        foreach (var symbol in Two)
        {
            GroundTruthCheck.AggTradesComplete(run.DataDir, run.TruthDir, symbol);
            Assert.That(run.Events(symbol).Count(e => e[2] == "backfill"), Is.GreaterThan(0), $"{symbol}: backfills are written to events");
        }
    }

    [Test, CancelAfter(150_000)]
    public async Task KilledWorker_IsRestartedAndBackfills(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(Two, ct: ct);
        await run.WaitForMoreTradesAsync(20, TimeSpan.FromSeconds(60));

        var pid = await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "worker", "BTCUSDT", TimeSpan.FromSeconds(10));
        Signals.Send(pid, Signals.SigKill);
        var restarted = await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "worker", "BTCUSDT", TimeSpan.FromSeconds(30), notPid: pid);
        Assert.That(restarted, Is.Not.EqualTo(pid));
        await run.WaitForMoreTradesAsync(40, TimeSpan.FromSeconds(40));

        await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(30));
        foreach (var symbol in Two)
        {
            GroundTruthCheck.AggTradesComplete(run.DataDir, run.TruthDir, symbol);
        }
    }

    [TestCase("23h", TestName = "ServerEndsConnectionsEveryFewSeconds_NoLoss")]
    [TestCase("2s", TestName = "PlannedRolloverEveryTwoSeconds_NoLoss")]
    [CancelAfter(150_000)]
    public async Task ConnectionLifetime_ManyRollovers_NoLoss(string workerLifetime, CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(
            ["BTCUSDT"],
            o => o with { ConnectionLifetime = TimeSpan.FromSeconds(3) },
            network: $"  connection_lifetime: {workerLifetime}\n",
            ct: ct);
        await run.WaitForMoreTradesAsync(20, TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(() => run.Events("BTCUSDT").Count(e => e[2] is "reconnect" or "rollover") >= 6, TimeSpan.FromSeconds(60),
            "several connection replacements", () => run.Streamer.Output);
        await run.WaitForMoreTradesAsync(20, TimeSpan.FromSeconds(30));

        await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(30));
        GroundTruthCheck.AggTradesComplete(run.DataDir, run.TruthDir, "BTCUSDT");
    }

    [Test, CancelAfter(150_000)]
    public async Task RestStorm429_WhileDisconnected_NoLoss(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(Two, ct: ct);
        await run.WaitForMoreTradesAsync(20, TimeSpan.FromSeconds(60));

        run.Exchange.FailRest(429, TimeSpan.FromSeconds(4));
        run.Exchange.DropConnections();
        await run.WaitForMoreTradesAsync(40, TimeSpan.FromSeconds(60));

        await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(30));
        foreach (var symbol in Two)
        {
            GroundTruthCheck.AggTradesComplete(run.DataDir, run.TruthDir, symbol);
        }
    }

    [Test, CancelAfter(120_000)]
    public async Task DepthGap_WritesNewSnapshotAndEventsRow(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(["BTCUSDT"], streams: "[aggtrade, depth]", ct: ct);
        await Eventually.UntilAsync(() => Recorded.RowCount(run.DataDir, "BTCUSDT", "depth") > 50, TimeSpan.FromSeconds(60), "depth rows", () => run.Streamer.Output);
        var snapshotsBefore = SnapshotIds(run).Count;

        run.Exchange.InjectDepthGap("BTCUSDT");

        await Eventually.UntilAsync(() => run.Events("BTCUSDT").Any(e => e[1] == "depth" && e[2] == "gap"), TimeSpan.FromSeconds(30),
            "a depth gap row in events", () => run.Streamer.Output);
        await Eventually.UntilAsync(() => SnapshotIds(run).Count > snapshotsBefore, TimeSpan.FromSeconds(30),
            "a new depth snapshot", () => run.Streamer.Output);
    }

    [Test, CancelAfter(120_000)]
    public async Task UnknownSymbol_IsReportedAndTheOthersRun(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(["BTCUSDT"], streams: "[aggtrade]", ct: ct);
        run.Streamer.Dispose();
        run.Workspace.WriteConfig(run.Exchange.Port, ["BTCUSDT", "NOSUCHUSDT"], "[aggtrade]");
        using var streamer = StreamerProcess.Start(run.Workspace.Root, "-c", run.Workspace.ConfigPath);

        await Eventually.UntilAsync(() => Recorded.RowCount(run.DataDir, "BTCUSDT", "aggtrade") > 10, TimeSpan.FromSeconds(60), "BTCUSDT trades", () => streamer.Output);
        await Eventually.UntilAsync(() => Recorded.Rows(run.DataDir, "NOSUCHUSDT", "events").Any(e => e[2] == "rejected"), TimeSpan.FromSeconds(30),
            "a rejected row in NOSUCHUSDT's events", () => streamer.Output);
        Assert.That(streamer.StdErr.Any(l => l.Contains("NOSUCHUSDT", StringComparison.Ordinal) && l.Contains("fail:", StringComparison.Ordinal)), Is.True,
            "the rejection is logged as an error\n" + streamer.Output);
        Assert.That(Recorded.Files(run.DataDir, "NOSUCHUSDT", "aggtrade"), Is.Empty);
    }

    private static List<string> SnapshotIds(Recording run) =>
        [.. Recorded.Rows(run.DataDir, "BTCUSDT", "depth_snapshot").Select(r => r[0]).Distinct()];
}

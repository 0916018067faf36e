using System.Text.Json;
using NUnit.Framework;
using Streamer.Core.Processes;
using Streamer.IntegrationTests.Infrastructure;

namespace Streamer.IntegrationTests;

/// <summary>
/// Issue 9's scale option, <c>supervisor.symbols_per_worker</c>: several symbols share a worker process and are
/// still recorded, supervised and reported one by one, with no silent hole when their process dies.
/// </summary>
[NonParallelizable]
public class WorkerGroupEndToEndTests
{
    private const string TwoPerWorker = "  symbols_per_worker: 2\n";

    [Test, CancelAfter(180_000)]
    public async Task ThreeSymbolsTwoPerWorker_TwoProcesses_AKilledGroupIsRestarted_AndNoTradeIsMissing(CancellationToken ct)
    {
        string[] symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];
        await using var run = await Recording.StartAsync(symbols, streams: "[aggtrade, depth, bookticker]", supervisor: TwoPerWorker, ct: ct);
        await run.WaitForMoreTradesAsync(20, TimeSpan.FromSeconds(60));

        var group = await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "worker", "BTCUSDT", TimeSpan.FromSeconds(10));
        Assert.That(ProcessTree.Children(run.Streamer.Pid, "worker", "ETHUSDT").Select(p => p.Pid), Is.EqualTo(new[] { group }), "BTCUSDT and ETHUSDT share a process");
        Assert.That(ProcessTree.Children(run.Streamer.Pid, "worker"), Has.Count.EqualTo(2), "3 symbols, 2 per worker");

        var status = await StatusJsonAsync(run);
        var workers = status.GetProperty("children").EnumerateArray().Where(c => c.GetProperty("role").GetString() == "worker").ToList();
        Assert.That(workers.Select(w => w.GetProperty("symbol").GetString()), Is.EqualTo(symbols), "--status lists every symbol");
        Assert.That(workers.Take(2).Select(w => w.GetProperty("pid").GetInt32()), Is.All.EqualTo(group));

        Signals.Send(group, Signals.SigKill);
        var restarted = await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "worker", "ETHUSDT", TimeSpan.FromSeconds(30), notPid: group);
        Assert.That(ProcessTree.Children(run.Streamer.Pid, "worker", "BTCUSDT").Select(p => p.Pid), Is.EqualTo(new[] { restarted }), "the group restarts as one");
        await run.WaitForMoreTradesAsync(30, TimeSpan.FromSeconds(60));

        await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(40));
        foreach (var symbol in symbols)
        {
            GroundTruthCheck.AggTradesComplete(run.DataDir, run.TruthDir, symbol);
        }

        Assert.That(run.Events("BTCUSDT").Any(e => e[2] == "backfill"), Is.True, "the killed group backfilled its trades");
    }

    [Test, CancelAfter(120_000)]
    public async Task AnUnknownSymbolInAGroup_IsRejected_AndItsGroupMateRecords(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(["BTCUSDT"], streams: "[aggtrade]", ct: ct);
        run.Streamer.Dispose();
        run.Workspace.WriteConfig(run.Exchange.Port, ["NOSUCHUSDT", "BTCUSDT"], "[aggtrade]", supervisor: TwoPerWorker);
        using var streamer = StreamerProcess.Start(run.Workspace.Root, "-c", run.Workspace.ConfigPath);

        await Eventually.UntilAsync(() => Recorded.Rows(run.DataDir, "NOSUCHUSDT", "events").Any(e => e[2] == "rejected"), TimeSpan.FromSeconds(60),
            "a rejected row in NOSUCHUSDT's events", () => streamer.Output);
        var trades = Recorded.RowCount(run.DataDir, "BTCUSDT", "aggtrade");
        await Eventually.UntilAsync(() => Recorded.RowCount(run.DataDir, "BTCUSDT", "aggtrade") > trades + 10, TimeSpan.FromSeconds(60),
            "BTCUSDT keeps recording beside the rejected symbol", () => streamer.Output);

        JsonElement status = default;
        await Eventually.UntilAsync(async () =>
        {
            var (exit, stdout, _) = await StreamerProcess.RunAsync(run.Workspace.Root, TimeSpan.FromSeconds(30), "-c", run.Workspace.ConfigPath, "--status", "--json");
            status = exit == 0 ? JsonDocument.Parse(stdout).RootElement.Clone() : default;
            return exit == 0 && State(status, "NOSUCHUSDT") == "rejected" && State(status, "BTCUSDT") == "running";
        }, TimeSpan.FromSeconds(30), "NOSUCHUSDT rejected and BTCUSDT running in --status", () => status.ToString());
        Assert.That(ProcessTree.Children(streamer.Pid, "worker"), Has.Count.EqualTo(1), "one process for both");
    }

    private static string? State(JsonElement status, string symbol) =>
        status.GetProperty("children").EnumerateArray()
            .Where(c => c.TryGetProperty("symbol", out var s) && s.GetString() == symbol)
            .Select(c => c.GetProperty("state").GetString()).FirstOrDefault();

    private static async Task<JsonElement> StatusJsonAsync(Recording run)
    {
        var (exit, stdout, stderr) = await StreamerProcess.RunAsync(run.Workspace.Root, TimeSpan.FromSeconds(30), "-c", run.Workspace.ConfigPath, "--status", "--json");
        Assert.That(exit, Is.EqualTo(0), stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }
}

using System.Globalization;
using System.Text.Json;
using NUnit.Framework;
using Streamer.Core.Processes;
using Streamer.IntegrationTests.Infrastructure;

namespace Streamer.IntegrationTests;

/// <summary>Issue 7: the supervisor restarts, reloads, reports and cleans up, driven through the real executable.</summary>
[NonParallelizable]
public class SupervisorEndToEndTests
{
    [Test, CancelAfter(150_000)]
    public async Task AddingAndRemovingASymbol_StartsAndStopsExactlyThatWorker(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(["BTCUSDT"], o => o with { Symbols = ["BTCUSDT", "ETHUSDT"] }, streams: "[aggtrade]", ct: ct);
        await run.WaitForMoreTradesAsync(10, TimeSpan.FromSeconds(60));
        var btc = await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "worker", "BTCUSDT", TimeSpan.FromSeconds(10));

        run.Workspace.WriteConfig(run.Exchange.Port, ["BTCUSDT", "ETHUSDT"], "[aggtrade]");
        await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "worker", "ETHUSDT", TimeSpan.FromSeconds(30));
        await Eventually.UntilAsync(() => Recorded.RowCount(run.DataDir, "ETHUSDT", "aggtrade") > 5, TimeSpan.FromSeconds(60),
            "ETHUSDT trades after it was added", () => run.Streamer.Output);

        run.Workspace.WriteConfig(run.Exchange.Port, ["BTCUSDT"], "[aggtrade]");
        await Eventually.UntilAsync(() => ProcessTree.Children(run.Streamer.Pid, "worker", "ETHUSDT").Count == 0, TimeSpan.FromSeconds(30),
            "the ETHUSDT worker to stop", () => run.Streamer.Output);
        Assert.That(ProcessTree.Children(run.Streamer.Pid, "worker", "BTCUSDT").Select(p => p.Pid), Is.EqualTo(new[] { btc }),
            "the BTCUSDT worker was not touched");

        await File.WriteAllTextAsync(run.Workspace.ConfigPath, "modes: [broken\n", ct);
        await Eventually.UntilAsync(() => run.Streamer.StdErr.Any(l => l.Contains("configuration change rejected", StringComparison.Ordinal) && l.Contains("config.yaml:", StringComparison.Ordinal)), TimeSpan.FromSeconds(30),
            "the invalid edit to be rejected with its reason", () => run.Streamer.Output);
        Assert.That(ProcessTree.Children(run.Streamer.Pid, "worker", "BTCUSDT").Select(p => p.Pid), Is.EqualTo(new[] { btc }),
            "an invalid config keeps the running set");
    }

    [Test, CancelAfter(150_000)]
    public async Task AWorkerThatKeepsDying_BecomesAReportedCrashLoop_WithBoundedCpu(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(["BTCUSDT"], streams: "[aggtrade]",
            supervisor: "  restart_max_delay: 200ms\n  crash_loop_restarts: 3\n  crash_loop_window: 1m\n  crash_loop_delay: 5m\n", ct: ct);
        await run.WaitForMoreTradesAsync(5, TimeSpan.FromSeconds(60));

        // Kill the worker every time it comes back, until the supervisor stops bringing it back.
        var pid = await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "worker", "BTCUSDT", TimeSpan.FromSeconds(30));
        var kills = 0;
        while (pid != 0 && kills < 10)
        {
            Signals.Send(pid, Signals.SigKill);
            kills++;
            var killed = pid;
            pid = 0;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(8);
            while (pid == 0 && DateTime.UtcNow < deadline)
            {
                pid = ProcessTree.Children(run.Streamer.Pid, "worker", "BTCUSDT").Select(p => p.Pid).FirstOrDefault(p => p != killed);
                await Task.Delay(50, ct);
            }
        }

        Assert.That(kills, Is.InRange(3, 5), "restarts allowed before the crash loop is declared");
        var status = await StatusJsonAsync(run);
        await Eventually.UntilAsync(async () =>
        {
            status = await StatusJsonAsync(run);
            return Worker(status).GetProperty("crash_loop").GetBoolean();
        }, TimeSpan.FromSeconds(30), "the worker reported as a crash loop", () => status.ToString());
        Assert.That(run.Streamer.StdErr.Any(l => l.Contains("fail:", StringComparison.Ordinal) && l.Contains("crash loop", StringComparison.OrdinalIgnoreCase)),
            Is.True, "a crash loop is logged as an error\n" + run.Streamer.Output);

        // Waiting out the crash-loop delay: no new worker, and the supervisor is idle.
        var cpuBefore = CpuTicks(run.Streamer.Pid);
        var (text, _) = await StatusTextAsync(run);
        await Task.Delay(TimeSpan.FromSeconds(3), ct); // a measurement window, not a wait for a condition
        var cpuTicks = CpuTicks(run.Streamer.Pid) - cpuBefore;
        Assert.That(ProcessTree.Children(run.Streamer.Pid, "worker", "BTCUSDT"), Is.Empty, "no restart before crash_loop_delay");
        Assert.That(cpuTicks, Is.LessThan(100), "supervisor CPU over 3 s, in 10 ms ticks (< 1 s)");
        Assert.That(text, Does.Contain("crash"), "--status shows the crash loop");
    }

    [Test, CancelAfter(150_000)]
    public async Task Status_ShowsEveryChildWithItsFields(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(["BTCUSDT", "ETHUSDT"], extraConfig: "orderbook:\n  enabled: true\n", ct: ct);
        await run.WaitForMoreTradesAsync(10, TimeSpan.FromSeconds(60));

        var (text, exit) = await StatusTextAsync(run);
        Assert.That(exit, Is.EqualTo(0));
        foreach (var column in new[] { "ROLE", "SYMBOL", "PID", "STATE", "UPTIME", "RESTARTS", "MSG/S", "LAST EVENT", "LAG", "WEIGHT", "BOOK", "ROWS", "FILES" })
        {
            Assert.That(text, Does.Contain(column), text);
        }

        var lines = text.Split('\n');
        Assert.That(lines.Count(l => l.StartsWith("worker", StringComparison.Ordinal) && (l.Contains("BTCUSDT", StringComparison.Ordinal) || l.Contains("ETHUSDT", StringComparison.Ordinal))),
            Is.GreaterThanOrEqualTo(2), text);
        Assert.That(lines.Any(l => l.StartsWith("writer", StringComparison.Ordinal)), Is.True, text);
        Assert.That(lines.Any(l => l.StartsWith("orderbook", StringComparison.Ordinal)), Is.True, text);

        JsonElement json = default;
        await Eventually.UntilAsync(async () =>
        {
            json = await StatusJsonAsync(run);
            return Worker(json).TryGetProperty("report", out var r) && r.GetProperty("streams").GetProperty("aggtrade").GetProperty("messages").GetInt64() > 0
                && Worker(json).GetProperty("messages_per_second").EnumerateObject().Any();
        }, TimeSpan.FromSeconds(20), "worker message rates in --status --json");
        var worker = Worker(json);
        Assert.That(worker.GetProperty("pid").GetInt32(), Is.GreaterThan(0));
        Assert.That(worker.GetProperty("state").GetString(), Is.Not.Empty);
        Assert.That(worker.GetProperty("report").GetProperty("counters").TryGetProperty("rest_weight_used", out _), Is.True, json.ToString());
    }

    [Test, CancelAfter(150_000)]
    public async Task KilledOrderBook_IsRestartedAndResyncs(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(["BTCUSDT"], streams: "[depth]",
            extraConfig: "orderbook:\n  enabled: true\n  depth: 5\n  interval: 200ms\n", ct: ct);
        await Eventually.UntilAsync(() => Recorded.RowCount(run.DataDir, "BTCUSDT", "orderbook") > 5, TimeSpan.FromSeconds(60), "orderbook rows", () => run.Streamer.Output);

        var pid = await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "orderbook", null, TimeSpan.FromSeconds(10));
        Signals.Send(pid, Signals.SigKill);
        await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "orderbook", null, TimeSpan.FromSeconds(30), notPid: pid);
        var rows = Recorded.RowCount(run.DataDir, "BTCUSDT", "orderbook");
        await Eventually.UntilAsync(() => Recorded.RowCount(run.DataDir, "BTCUSDT", "orderbook") > rows + 5, TimeSpan.FromSeconds(60),
            "orderbook rows from the restarted process", () => run.Streamer.Output);
        await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(30));
        GroundTruthCheck.DepthComplete(run.DataDir, run.TruthDir, "BTCUSDT");
    }

    [Test, CancelAfter(120_000)]
    public async Task KilledSupervisor_LeavesNoProcessBehind(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(["BTCUSDT", "ETHUSDT"], extraConfig: "orderbook:\n  enabled: true\n", ct: ct);
        await run.WaitForMoreTradesAsync(5, TimeSpan.FromSeconds(60));
        Assert.That(ProcessTree.Mentioning(run.Workspace.Root).Count, Is.GreaterThanOrEqualTo(4), "supervisor, writer, order book and workers");

        Signals.Send(run.Streamer.Pid, Signals.SigKill);

        await Eventually.UntilAsync(() => ProcessTree.Mentioning(run.Workspace.Root).Count == 0, TimeSpan.FromSeconds(10),
            "every child to exit after the supervisor died",
            () => string.Join('\n', ProcessTree.Mentioning(run.Workspace.Root).Select(p => $"{p.Pid} {string.Join(' ', p.Args)}")));
    }

    private static JsonElement Worker(JsonElement status) =>
        status.GetProperty("children").EnumerateArray().First(c => c.GetProperty("role").GetString() == "worker");

    private static async Task<JsonElement> StatusJsonAsync(Recording run)
    {
        var (exit, stdout, stderr) = await StreamerProcess.RunAsync(run.Workspace.Root, TimeSpan.FromSeconds(30), "-c", run.Workspace.ConfigPath, "--status", "--json");
        Assert.That(exit, Is.EqualTo(0), stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static async Task<(string Text, int Exit)> StatusTextAsync(Recording run)
    {
        var (exit, stdout, _) = await StreamerProcess.RunAsync(run.Workspace.Root, TimeSpan.FromSeconds(30), "-c", run.Workspace.ConfigPath, "--status");
        return (stdout, exit);
    }

    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}

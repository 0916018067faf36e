using System.Diagnostics;
using System.Globalization;
using NUnit.Framework;
using Streamer.Core.Ownership;
using Streamer.Core.Processes;
using Streamer.IntegrationTests.Infrastructure;

namespace Streamer.IntegrationTests;

/// <summary>
/// Issue 22: one owner per data directory. Racing starts, a foreground run against a daemon, a killed
/// supervisor's stale pid file and a reused pid, through the real executable; "nothing left" is every
/// process whose command line names the workspace, read from /proc. Only the writer runs (no symbol is
/// enabled): ownership does not depend on what is recorded.
/// </summary>
[NonParallelizable]
[Platform("Linux")]
public class DataDirOwnershipTests
{
    private const string WriterOnlyConfig = """
        mode: development
        modes:
          development:
            symbols:
              - {symbol: BTCUSDT, enabled: false}
        supervisor:
          stop_timeout: 5s
        metrics:
          enabled: false
        """;

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private Workspace _ws = null!;

    private string PidFilePath => Path.Combine(_ws.Root, "streamer.pid");

    [SetUp]
    public void SetUp()
    {
        _ws = new Workspace();
        File.WriteAllText(_ws.ConfigPath, WriterOnlyConfig);
    }

    [TearDown]
    public void TearDown()
    {
        // A failed test must not leave a daemon behind for the next one.
        foreach (var p in ProcessTree.Mentioning(_ws.Root))
        {
            Signals.Send(p.Pid, Signals.SigKill);
        }

        _ws.Dispose();
    }

    [TestCase(2)]
    [TestCase(5)]
    [CancelAfter(180_000)]
    public async Task RacingDaemonStarts_LeaveExactlyOneSupervisor_AndStopLeavesNothing(int starts)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, starts).Select(_ => StreamerAsync("--daemon", "start")));
        var owner = DataDirLock.FindOwner(_ws.DataDir);
        var report = Describe(results);
        Assert.That(results.Count(r => r.ExitCode == 0), Is.EqualTo(1), report);
        Assert.That(owner, Is.Not.Null, report);
        foreach (var refused in results.Where(r => r.ExitCode != 0))
        {
            Assert.That(refused.ExitCode, Is.EqualTo(1), report);
            Assert.That(refused.StdErr, Does.Contain($"already running (pid {owner}"), report);
        }

        Assert.That(results.Single(r => r.ExitCode == 0).StdOut, Does.Contain($"(pid {owner})"), "the start that succeeded started the owner");
        AssertOneProcessTree(owner!.Value);

        await AssertStatusAsync(0, $"streamer is running (pid {owner}");
        await StopAndAssertNothingLeftAsync();
    }

    [Test, CancelAfter(180_000)]
    public async Task AForegroundRun_AndAChildStartedByHand_AgainstARunningDaemon_AreRefusedAndLeaveNothing()
    {
        var owner = await StartDaemonAsync();
        var before = ProcessTree.Mentioning(_ws.Root).Select(p => p.Pid).Order().ToList();

        var foreground = await StreamerAsync();
        Assert.That(foreground.ExitCode, Is.EqualTo(1), foreground.StdErr);
        Assert.That(foreground.StdErr, Does.Contain($"already running (pid {owner})").And.Contain(_ws.DataDir));

        // What the supervisor gives its children, by hand: with a parent that is not the owner, and with none.
        var childConfig = Path.Combine(_ws.DataDir, ".streamer", "config.yaml");
        var me = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (var args in new[] { new[] { "writer", "--config", childConfig, "--run-id", me, "--parent-pid", me }, ["writer", "--config", childConfig, "--run-id", me] })
        {
            var child = await StreamerProcess.RunAsync(_ws.Root, CommandTimeout, args);
            Assert.That(child.ExitCode, Is.EqualTo(1), string.Join(' ', args) + "\n" + child.StdErr);
            Assert.That(child.StdErr, Does.Contain($"is busy: streamer pid {owner} records into it"));
        }

        Assert.That(ProcessTree.Mentioning(_ws.Root).Select(p => p.Pid).Order(), Is.EqualTo(before), "the refused runs left nothing behind");
        Assert.That(ReadPidFile(), Is.EqualTo(owner), "nor touched the daemon's pid file");
        AssertOneProcessTree(owner);

        await AssertStatusAsync(0, $"streamer is running (pid {owner}");
        await StopAndAssertNothingLeftAsync();
    }

    [Test, CancelAfter(60_000)]
    public async Task AChild_ForASupervisorThatDoesNotHoldTheLock_RefusesToRun()
    {
        var me = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var child = await StreamerProcess.RunAsync(_ws.Root, CommandTimeout, "writer", "--config", _ws.ConfigPath, "--run-id", me, "--parent-pid", me);
        Assert.That(child.ExitCode, Is.EqualTo(1), child.StdErr);
        Assert.That(child.StdErr, Does.Contain($"supervisor pid {me} does not hold the lock on"));
        Assert.That(ProcessTree.Mentioning(_ws.Root), Is.Empty);
    }

    [Test, CancelAfter(180_000)]
    public async Task AfterKill9OfTheSupervisor_AStalePidFileOrAReusedPid_FoolsNeitherStatusNorStop()
    {
        var killed = await StartDaemonAsync();
        Signals.Send(killed, Signals.SigKill);
        Assert.That(ReadPidFile(), Is.EqualTo(killed), "kill -9 leaves the pid file behind");

        // The kernel dropped the lock with the process: not running, at once; stop also ends the orphaned writer.
        await AssertStatusAsync(3, "streamer is not running");
        await StopAndAssertNothingLeftAsync(firstStop: 3);

        // A pid file naming a live process that looks like streamer (what a reused pid is) is not an owner:
        // status says not running, stop signals nothing, and a start goes ahead.
        using var decoy = Process.Start(new ProcessStartInfo("/bin/bash") { ArgumentList = { "-c", "exec -a \"$0\" sleep 120", Path.Combine(_ws.Root, "streamer") } })!;
        try
        {
            await Eventually.UntilAsync(() => ProcessTree.All().Any(p => p.Pid == decoy.Id && p.Args[0].EndsWith("/streamer", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the decoy to exec");
            File.WriteAllText(PidFilePath, decoy.Id.ToString(CultureInfo.InvariantCulture) + "\n");
            await AssertStatusAsync(3, "streamer is not running");
            File.WriteAllText(PidFilePath, decoy.Id.ToString(CultureInfo.InvariantCulture) + "\n");
            var stop = await StreamerAsync("--daemon", "stop");
            Assert.That(stop.ExitCode, Is.EqualTo(3), stop.StdOut + stop.StdErr);
            Assert.That(stop.StdErr, Does.Contain("removed a stale pid file"));
            Assert.That(decoy.HasExited, Is.False, "the process behind the stale pid was not signalled");

            var owner = await StartDaemonAsync();
            Assert.That(owner, Is.Not.EqualTo(decoy.Id));
            AssertOneProcessTree(owner, ignore: decoy.Id);
            await StopAndAssertNothingLeftAsync(ignore: decoy.Id);
        }
        finally
        {
            decoy.Kill();
        }
    }

    [Test, CancelAfter(180_000)]
    public async Task ASimulatedDaemon_OwnsTheSimulatedDirectory_AndASecondSimulatedRunIsRefused()
    {
        var simulated = _ws.DataDir + "-simulated";
        var start = await StreamerAsync("--daemon", "start", "--simulate");
        Assert.That(start.ExitCode, Is.Zero, start.StdErr);
        var owner = DataDirLock.FindOwner(simulated);
        Assert.That(owner, Is.Not.Null.And.EqualTo(ReadPidFile()), "the lock is on the directory actually recorded into");
        Assert.That(DataDirLock.FindOwner(_ws.DataDir), Is.Null);

        var second = await StreamerAsync("--simulate");
        Assert.That(second.ExitCode, Is.EqualTo(1), second.StdErr);
        Assert.That(second.StdErr, Does.Contain($"already running (pid {owner})").And.Contain(simulated));

        await AssertStatusAsync(0, $"streamer is running (pid {owner}");
        await StopAndAssertNothingLeftAsync();
    }

    [Test, CancelAfter(180_000)]
    public async Task ChangingDataDirWhileRunning_IsRejected_TheOwnerKeepsItsDirectory()
    {
        var owner = await StartDaemonAsync();
        var writer = ProcessTree.Children(owner, "writer").Single().Pid;
        File.AppendAllText(_ws.ConfigPath, "\nstorage:\n  data_dir: ./elsewhere\n");
        var log = Path.Combine(_ws.Root, "streamer.log");
        await Eventually.UntilAsync(() => File.ReadAllText(log).Contains("storage.data_dir changed", StringComparison.Ordinal), TimeSpan.FromSeconds(30),
            "the reload to be rejected", () => File.ReadAllText(log));
        Assert.That(ProcessTree.Children(owner, "writer").Single().Pid, Is.EqualTo(writer), "the running set is kept");
        Assert.That(DataDirLock.FindOwner(_ws.DataDir), Is.EqualTo(owner));

        // stop and status read the edited file, so they look in ./elsewhere: the owner is found through the old one.
        File.WriteAllText(_ws.ConfigPath, WriterOnlyConfig);
        await StopAndAssertNothingLeftAsync();
    }

    private Task<(int ExitCode, string StdOut, string StdErr)> StreamerAsync(params string[] args) =>
        StreamerProcess.RunAsync(_ws.Root, CommandTimeout, ["-c", _ws.ConfigPath, .. args]);

    private async Task<int> StartDaemonAsync()
    {
        var start = await StreamerAsync("--daemon", "start");
        Assert.That(start.ExitCode, Is.Zero, start.StdErr);
        var owner = DataDirLock.FindOwner(_ws.DataDir);
        Assert.That(owner, Is.Not.Null.And.EqualTo(ReadPidFile()), "the daemon owns the data directory and wrote the pid file");
        return owner!.Value;
    }

    private async Task AssertStatusAsync(int exitCode, string output)
    {
        var status = await StreamerAsync("--daemon", "status");
        Assert.That(status.ExitCode, Is.EqualTo(exitCode), status.StdOut + status.StdErr);
        Assert.That(status.StdOut, Does.StartWith(output));
    }

    // The first stop answers firstStop; afterwards nothing of this workspace runs and a second stop answers 3.
    private async Task StopAndAssertNothingLeftAsync(int firstStop = 0, int ignore = 0)
    {
        var stop = await StreamerAsync("--daemon", "stop");
        Assert.That(stop.ExitCode, Is.EqualTo(firstStop), stop.StdOut + stop.StdErr);
        var left = ProcessTree.Mentioning(_ws.Root).Where(p => p.Pid != ignore).ToList();
        Assert.That(left, Is.Empty, "left after --daemon stop:\n" + string.Join('\n', left.Select(p => $"{p.Pid} {string.Join(' ', p.Args)}")));
        Assert.That(DataDirLock.FindOwner(_ws.DataDir), Is.Null);
        await AssertStatusAsync(3, "streamer is not running");
        Assert.That((await StreamerAsync("--daemon", "stop")).ExitCode, Is.EqualTo(3));
    }

    // Exactly one supervisor (the owner) runs on this workspace, and every other process of it is its child.
    private void AssertOneProcessTree(int owner, int ignore = 0)
    {
        var processes = ProcessTree.Mentioning(_ws.Root).Where(p => p.Pid != ignore).ToList();
        var listing = string.Join('\n', processes.Select(p => $"{p.Pid} (parent {p.ParentPid}) {string.Join(' ', p.Args)}"));
        Assert.That(processes.Where(p => p.Args.Contains("--daemonized")).Select(p => p.Pid), Is.EqualTo(new[] { owner }), listing);
        Assert.That(processes.Where(p => p.Pid != owner).Select(p => p.ParentPid), Is.All.EqualTo(owner), listing);
        Assert.That(ProcessTree.Children(owner, "writer"), Has.Count.EqualTo(1), listing);
    }

    private int? ReadPidFile() =>
        File.Exists(PidFilePath) && int.TryParse(File.ReadAllText(PidFilePath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    private static string Describe((int ExitCode, string StdOut, string StdErr)[] results) =>
        string.Join('\n', results.Select((r, i) => $"start {i}: exit {r.ExitCode}\n{r.StdOut}\n{r.StdErr}"));
}

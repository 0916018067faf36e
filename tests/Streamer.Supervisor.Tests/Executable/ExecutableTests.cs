using System.Text.Json;
using NUnit.Framework;
using Streamer.Core.Processes;
using Streamer.Supervisor.Control;
using Streamer.Supervisor.Processes;

namespace Streamer.Supervisor.Tests.Executable;

/// <summary>The real executable: exit codes, messages, graceful stop, daemon. Only the writer runs (no symbol is enabled).</summary>
[Platform(Exclude = "Win")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class ExecutableTests
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

    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("exe-test-").FullName;
        File.WriteAllText(Path.Combine(_dir, "config.yaml"), WriterOnlyConfig);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) => StreamerProcess.RunAsync(_dir, args);

    [Test]
    public async Task AMissingConfig_IsOneErrorLine_AndExitCode2()
    {
        var (code, _, stderr) = await Run("-c", "nope.yaml");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Is.EqualTo("error: nope.yaml: configuration file not found (use -c to name another file)\n"));
    }

    [Test]
    public async Task AnInvalidConfig_NamesFileLineAndKey_WithoutAStackTrace()
    {
        File.WriteAllText(Path.Combine(_dir, "bad.yaml"), "mode: development\nmodes:\n  development:\n    symbols: [btc-usdt]\n");
        foreach (var args in new[] { new[] { "-c", "bad.yaml" }, ["--list-symbols", "-c", "bad.yaml"], ["--daemon", "start", "-c", "bad.yaml"] })
        {
            var (code, _, stderr) = await Run(args);
            Assert.That(code, Is.EqualTo(2), string.Join(' ', args));
            Assert.That(stderr, Does.StartWith("error: bad.yaml:4:"));
            Assert.That(stderr.TrimEnd('\n'), Does.Not.Contain("\n"), "one line");
        }
    }

    [Test]
    public async Task AnUnknownOption_SaysSoAndPointsToHelp()
    {
        var (code, _, stderr) = await Run("--frobnicate");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Is.EqualTo("error: Unrecognized command or argument '--frobnicate'.\nRun 'streamer --help' for usage.\n"));
    }

    [Test]
    public async Task Help_PrintsUsage()
    {
        var (code, stdout, _) = await Run("--help");
        Assert.That(code, Is.Zero);
        Assert.That(stdout, Does.StartWith("Description:\n  streamer - records Binance").And.Contain("--daemon"));
    }

    [Test]
    public async Task WhenNotRunning_DaemonStatusAndStopExit3_AndStatusShowsTheConfiguration()
    {
        Assert.That((await Run("--daemon", "status")).ExitCode, Is.EqualTo(3));
        Assert.That((await Run("--daemon", "stop")).ExitCode, Is.EqualTo(3));
        var (code, stdout, _) = await Run("--status", "--json");
        Assert.That(code, Is.Zero);
        Assert.That(JsonDocument.Parse(stdout).RootElement.GetProperty("running").GetBoolean(), Is.False);
    }

    [Test]
    public async Task ARoleWithABadConfig_ExitsWith2()
    {
        var (code, _, stderr) = await Run("writer", "--config", "nope.yaml", "--run-id", "1");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr, Does.StartWith("error: nope.yaml"));
    }

    [Test]
    public async Task Foreground_ServesStatus_RefusesASecondInstance_AndStopsGracefullyOnSigterm()
    {
        var dataDir = Path.Combine(_dir, "data");
        using var supervisor = StreamerProcess.Start(_dir);
        Assert.That(await Eventually.TrueAsync(() => RunFile.TryRead(dataDir)?.Children.Count == 1, TimeSpan.FromSeconds(30)), Is.True, supervisor.Stderr);
        var writerPid = RunFile.TryRead(dataDir)!.Children[0].Pid;
        Assert.That(RunFile.TryRead(dataDir)!.Pid, Is.EqualTo(supervisor.Pid));

        var (statusCode, statusJson, _) = await Run("--status", "--json");
        Assert.That(statusCode, Is.Zero);
        var status = JsonDocument.Parse(statusJson).RootElement;
        Assert.That(status.GetProperty("running").GetBoolean(), Is.True);
        Assert.That(status.GetProperty("children")[0].GetProperty("role").GetString(), Is.EqualTo("writer"));
        Assert.That(status.GetProperty("children")[0].GetProperty("pid").GetInt32(), Is.EqualTo(writerPid));

        var (secondCode, _, secondErr) = await Run();
        Assert.That(secondCode, Is.EqualTo(1));
        Assert.That(secondErr, Does.Contain("already running"));

        Assert.That(Signals.Send(supervisor.Pid, Signals.SigTerm), Is.True);
        Assert.That(await supervisor.WaitAsync(TimeSpan.FromSeconds(30)), Is.Zero, supervisor.Stderr);
        Assert.That(ProcessInspector.IsAlive(writerPid), Is.False);
        Assert.That(File.Exists(RunFile.PathFor(dataDir)), Is.False);
        Assert.That(supervisor.Stderr, Does.Contain("writer stopped (exit code 0)"));
    }

    [Test]
    public async Task AnInvalidConfigEdit_IsRejectedWithTheReason_AndTheRunningSetIsKept()
    {
        var dataDir = Path.Combine(_dir, "data");
        using var supervisor = StreamerProcess.Start(_dir);
        Assert.That(await Eventually.TrueAsync(() => RunFile.TryRead(dataDir)?.Children.Count == 1, TimeSpan.FromSeconds(30)), Is.True, supervisor.Stderr);
        var writerPid = RunFile.TryRead(dataDir)!.Children[0].Pid;

        await File.WriteAllTextAsync(Path.Combine(_dir, "config.yaml"), WriterOnlyConfig.Replace("mode: development", "mode: nonsense", StringComparison.Ordinal));
        Assert.That(await Eventually.TrueAsync(() => supervisor.Stderr.Contains("configuration change rejected", StringComparison.Ordinal)), Is.True, supervisor.Stderr);
        Assert.That(supervisor.Stderr, Does.Contain("'nonsense' has no section under modes"));

        await File.WriteAllTextAsync(Path.Combine(_dir, "config.yaml"), WriterOnlyConfig + "\nlogging:\n  level: warning\n");
        Assert.That(await Eventually.TrueAsync(() => supervisor.Stderr.Contains("section(s) logging changed", StringComparison.Ordinal)), Is.True, supervisor.Stderr);
        Assert.That(RunFile.TryRead(dataDir)!.Children.Single().Pid, Is.EqualTo(writerPid), "the writer was left alone");

        Signals.Send(supervisor.Pid, Signals.SigTerm);
        Assert.That(await supervisor.WaitAsync(TimeSpan.FromSeconds(30)), Is.Zero);
    }

    [Test]
    public async Task WhenTheSupervisorIsKilled_ItsChildrenExitByThemselves()
    {
        var dataDir = Path.Combine(_dir, "data");
        using var supervisor = StreamerProcess.Start(_dir);
        Assert.That(await Eventually.TrueAsync(() => RunFile.TryRead(dataDir)?.Children.Count == 1, TimeSpan.FromSeconds(30)), Is.True, supervisor.Stderr);
        var writerPid = RunFile.TryRead(dataDir)!.Children[0].Pid;
        Signals.Send(supervisor.Pid, Signals.SigKill);
        Assert.That(await Eventually.TrueAsync(() => !ProcessInspector.IsAlive(writerPid), TimeSpan.FromSeconds(15)), Is.True, "no orphans");
    }

    [Test]
    public async Task Daemon_StartsOnce_ReportsStatus_AndStops()
    {
        var pidFile = Path.Combine(_dir, "streamer.pid");
        var (startCode, startOut, startErr) = await Run("--daemon", "start");
        Assert.That(startCode, Is.Zero, startErr);
        Assert.That(startOut, Does.StartWith("streamer started in the background (pid "));
        var pid = Daemon.PidFile.Read(pidFile);
        try
        {
            Assert.That(pid, Is.Not.Null);
            Assert.That(ProcessInspector.IsStreamer(pid!.Value), Is.True);

            var (statusCode, statusOut, _) = await Run("--daemon", "status");
            Assert.That(statusCode, Is.Zero);
            Assert.That(statusOut, Does.StartWith($"streamer is running (pid {pid}"));

            var (againCode, _, againErr) = await Run("--daemon", "start");
            Assert.That(againCode, Is.EqualTo(1));
            Assert.That(againErr, Does.Contain("already running"));

            var (stopCode, stopOut, _) = await Run("--daemon", "stop");
            Assert.That(stopCode, Is.Zero);
            Assert.That(stopOut, Does.Contain("streamer stopped"));
            Assert.That(ProcessInspector.IsAlive(pid.Value), Is.False);
            Assert.That(File.Exists(pidFile), Is.False);
            Assert.That((await Run("--daemon", "status")).ExitCode, Is.EqualTo(3));
            Assert.That(File.ReadAllText(Path.Combine(_dir, "streamer.log")), Does.Contain("writer stopped"));
        }
        finally
        {
            if (pid is { } p && ProcessInspector.IsAlive(p))
            {
                ProcessInspector.KillTree(p);
            }
        }
    }

    [Test]
    public async Task Daemon_RotatesItsLog_PastLogMaxBytes()
    {
        File.AppendAllText(Path.Combine(_dir, "config.yaml"), "\ndaemon:\n  log_max_bytes: 1024\n  log_keep: 2\n");
        var log = Path.Combine(_dir, "streamer.log");
        var (startCode, _, startErr) = await Run("--daemon", "start");
        Assert.That(startCode, Is.Zero, startErr);
        var pid = Daemon.PidFile.Read(Path.Combine(_dir, "streamer.pid"));
        try
        {
            // Start-up lines and a status line every 10 s pass 1 KB within seconds.
            Assert.That(await Eventually.TrueAsync(() => File.Exists(log + ".1") && File.Exists(log), TimeSpan.FromSeconds(60)), Is.True,
                "streamer.log was rotated to streamer.log.1 and a new streamer.log started");
            var (stopCode, _, _) = await Run("--daemon", "stop");
            Assert.That(stopCode, Is.Zero);
        }
        finally
        {
            if (pid is { } p && ProcessInspector.IsAlive(p))
            {
                ProcessInspector.KillTree(p);
            }
        }

        Assert.That(File.Exists(log + ".3"), Is.False, "at most log_keep rotated files");
        var lines = new[] { log + ".2", log + ".1", log }.Where(File.Exists).SelectMany(File.ReadAllLines).ToList();
        Assert.That(lines, Is.Not.Empty.And.All.Match(@"^(\d{4}-\d\d-\d\dT|\[)"), "every line whole: a timestamp or a child's [name] first");
        Assert.That(File.ReadAllText(log), Does.Contain("stopped"), "the daemon went on writing into the new file to the end");
        Assert.That(new FileInfo(log + ".1").Length, Is.LessThan(1024 + 1024), "rotated at the first line end past the limit");
    }

    [Test]
    public async Task AStalePidFile_IsCleanedAndDoesNotBlockTheStart()
    {
        File.WriteAllText(Path.Combine(_dir, "streamer.pid"), "999999\n");
        var (code, _, stderr) = await Run("--daemon", "start");
        var pid = Daemon.PidFile.Read(Path.Combine(_dir, "streamer.pid"));
        try
        {
            Assert.That(code, Is.Zero, stderr);
            Assert.That(stderr, Does.Contain("stale pid file"));
            Assert.That(pid, Is.Not.EqualTo(999999));
        }
        finally
        {
            await Run("--daemon", "stop");
        }

        File.WriteAllText(Path.Combine(_dir, "streamer.pid"), "999999\n");
        Assert.That((await Run("--daemon", "status")).ExitCode, Is.EqualTo(3));
        Assert.That(File.Exists(Path.Combine(_dir, "streamer.pid")), Is.False);
    }
}

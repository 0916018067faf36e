using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Streamer.Core.Configuration;
using Streamer.Core.Status;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Supervision;

namespace Streamer.Supervisor.Tests;

/// <summary><c>supervisor.symbols_per_worker</c>: several symbols per worker process, each still shown and supervised as a symbol.</summary>
[Platform(Exclude = "Win")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class WorkerGroupTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("group-test-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private string Log => Path.Combine(_dir, "events.log");

    private string Script(ChildRole role, string? symbol) =>
        $"echo \"start $1 $2\" >> '{Log}'; trap 'echo \"stop $1 $2\" >> \"{Log}\"; exit 0' TERM; while :; do sleep 0.05; done";

    private string[] Events() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    private static ProcessManager Create(StreamerConfig config, ShellLauncher launcher) => new(new ProcessManagerOptions
    {
        Config = config,
        Launcher = launcher,
        Loggers = NullLoggerFactory.Instance,
        ChildOutput = (_, _) => { },
    });

    [Test]
    public void SymbolsPerWorker_DefaultsToOne_AndIsBounded()
    {
        Assert.That(TestConfigs.WithSymbols("AAAUSDT").Supervisor.SymbolsPerWorker, Is.EqualTo(1));
        Assert.That(TestConfigs.Grouped(10, "AAAUSDT").Supervisor.SymbolsPerWorker, Is.EqualTo(10));
        var error = Assert.Throws<ConfigException>(() => TestConfigs.Grouped(0, "AAAUSDT"));
        Assert.That(error!.Message, Does.Contain("symbols_per_worker").And.Contain(":10:").And.Contain("from 1 to 100"));
    }

    [Test]
    public async Task ThreeSymbolsTwoPerWorker_RunInTwoProcesses_AndEachSymbolIsShownWithItsProcess()
    {
        var launcher = new ShellLauncher(Script);
        var manager = Create(TestConfigs.Grouped(2, "AAAUSDT", "BBBUSDT", "CCCUSDT"), launcher);
        await using var _ = manager;
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);
        Assert.That(await Eventually.TrueAsync(() => manager.ChildPids().Count == 3), Is.True);

        Assert.That(launcher.Launches.Where(l => l.Role == ChildRole.Worker).Select(l => l.Symbol), Is.EqualTo(new[] { "AAAUSDT,BBBUSDT", "CCCUSDT" }));
        var workers = manager.Snapshot().Children.Where(c => c.Role == "worker").ToList();
        Assert.That(workers.Select(w => w.Symbol), Is.EqualTo(new[] { "AAAUSDT", "BBBUSDT", "CCCUSDT" }));
        Assert.That(workers[0].Pid, Is.EqualTo(workers[1].Pid), "one process for the group");
        Assert.That(workers[2].Pid, Is.Not.EqualTo(workers[0].Pid));
        Assert.That(manager.ChildPids().Select(c => c.Name), Is.EqualTo(new[] { "writer", "worker AAAUSDT,BBBUSDT", "worker CCCUSDT" }));

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(Events().Count(e => e.StartsWith("stop worker", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task Reload_RemovingASymbol_RestartsTheRestOfItsGroup_GroupedWithTheAddedSymbols()
    {
        var manager = Create(TestConfigs.Grouped(2, "AAAUSDT", "BBBUSDT", "CCCUSDT", "DDDUSDT"), new ShellLauncher(Script));
        await using var _ = manager;
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);
        Assert.That(await Eventually.TrueAsync(() => manager.ChildPids().Count == 3), Is.True);
        var before = manager.ChildPids().ToDictionary(c => c.Name, c => c.Pid);

        var plan = await manager.ApplyAsync(TestConfigs.Grouped(2, "AAAUSDT", "CCCUSDT", "DDDUSDT", "EEEUSDT"), CancellationToken.None);
        Assert.That(plan.Stop, Is.EqualTo(new[] { "BBBUSDT" }));
        Assert.That(plan.Start, Is.EqualTo(new[] { "EEEUSDT" }));

        Assert.That(await Eventually.TrueAsync(() => manager.ChildPids().Count == 3), Is.True, string.Join(", ", manager.ChildPids()));
        var after = manager.ChildPids().ToDictionary(c => c.Name, c => c.Pid);
        // AAAUSDT restarts anyway (its group lost BBBUSDT), so it shares a process with the added EEEUSDT.
        Assert.That(after.Keys, Is.EquivalentTo(new[] { "writer", "worker CCCUSDT,DDDUSDT", "worker AAAUSDT,EEEUSDT" }));
        Assert.That(after["worker CCCUSDT,DDDUSDT"], Is.EqualTo(before["worker CCCUSDT,DDDUSDT"]), "a group without changes is untouched");
        Assert.That(Events(), Does.Contain("stop worker AAAUSDT,BBBUSDT"));
        Assert.That(manager.Snapshot().Children.Where(c => c.Role == "worker").Select(c => c.Symbol),
            Is.EquivalentTo(new[] { "AAAUSDT", "CCCUSDT", "DDDUSDT", "EEEUSDT" }));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task AGroup_ReportsEachSymbolOnItsOwnLine_AndARejectedSymbolShowsAsRejectedWhileTheOthersRecord()
    {
        static string Line(string symbol, string state, long messages) => StatusLine.Format(new ChildStatus
        {
            Role = "worker",
            Symbol = symbol,
            State = state,
            Detail = state == "rejected" ? symbol + " is not listed" : null,
            Streams = { ["aggtrade"] = new StreamStatus(messages, messages, 1_700_000_000_000, 0) },
        }).Replace("'", "'\\''", StringComparison.Ordinal);

        using var child = new SupervisedChild(ChildRole.Worker, ["AAAUSDT", "BADUSDT"],
            new ShellLauncher($"echo '{Line("AAAUSDT", "streaming", 10)}'; echo '{Line("BADUSDT", "rejected", 0)}'; sleep 0.3; echo '{Line("AAAUSDT", "streaming", 40)}'; exec sleep 30"),
            new RestartPolicy(TestConfigs.Supervisor(min: TimeSpan.FromMilliseconds(100)), TimeProvider.System), NullLogger.Instance, TimeProvider.System, (_, _) => { });
        child.Start();
        Assert.That(await Eventually.TrueAsync(() => child.Snapshots()[0].Report?.Streams["aggtrade"].Messages == 40), Is.True);

        var snapshots = child.Snapshots();
        Assert.That(snapshots.Select(s => (s.Symbol, s.State)), Is.EqualTo(new[] { ("AAAUSDT", "running"), ("BADUSDT", "rejected") }));
        Assert.That(snapshots[1].Detail, Is.EqualTo("BADUSDT is not listed"));
        Assert.That(snapshots[0].MessagesPerSecond["aggtrade"], Is.GreaterThan(0));
        Assert.That(snapshots[1].Report!.Streams["aggtrade"].Messages, Is.Zero, "each symbol keeps its own report");
        Assert.That(snapshots[0].Pid, Is.EqualTo(snapshots[1].Pid));
        await child.StopAsync(TimeSpan.FromSeconds(5));
    }
}

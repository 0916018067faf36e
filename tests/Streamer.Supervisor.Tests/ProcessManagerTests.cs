using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Streamer.Core.Configuration;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Processes;
using Streamer.Supervisor.Reload;
using Streamer.Supervisor.Supervision;

namespace Streamer.Supervisor.Tests;

[Platform(Exclude = "Win")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class ProcessManagerTests
{
    private string _dir = "";
    private string _log = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("pm-test-").FullName;
        _log = Path.Combine(_dir, "events.log");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>A child that logs its start and, on SIGTERM, its stop (workers take a moment to "drain" first).</summary>
    private string Script(ChildRole role, string? symbol)
    {
        var drain = role == ChildRole.Worker ? "sleep 0.3; " : "";
        return $"echo \"start $1 $2\" >> '{_log}'; trap '{drain}echo \"stop $1 $2\" >> \"{_log}\"; exit 0' TERM; while :; do sleep 0.05; done";
    }

    private string[] Events() => File.Exists(_log) ? File.ReadAllLines(_log) : [];

    private ProcessManager Create(StreamerConfig config, IChildLauncher launcher, bool simulate = false, Action<Uri>? ready = null, TimeSpan? simulatorTimeout = null) =>
        new(new ProcessManagerOptions
        {
            Config = config,
            Launcher = launcher,
            Loggers = NullLoggerFactory.Instance,
            ChildOutput = (_, _) => { },
            Simulate = simulate,
            SimulatorReady = ready,
            SimulatorStartTimeout = simulatorTimeout ?? TimeSpan.FromSeconds(20),
        });

    private static StreamerConfig WithOrderBook(StreamerConfig config) => config with { OrderBook = config.OrderBook with { Enabled = true } };

    [Test]
    public async Task StartsWriterThenOrderBookThenWorkers_AndStopsWorkersFirstAndTheWriterLast()
    {
        var launcher = new ShellLauncher(Script);
        var manager = Create(WithOrderBook(TestConfigs.WithSymbols("AAAUSDT", "BBBUSDT")), launcher);
        await using var _ = manager;
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);
        Assert.That(await Eventually.TrueAsync(() => Events().Count(e => e.StartsWith("start", StringComparison.Ordinal)) == 4), Is.True, string.Join('\n', Events()));

        Assert.That(launcher.Launches.Select(l => l.Symbol ?? ChildRoles.Name(l.Role)),
            Is.EqualTo(new[] { "writer", "orderbook", "AAAUSDT", "BBBUSDT" }));

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        var stops = Events().Where(e => e.StartsWith("stop", StringComparison.Ordinal)).ToList();
        Assert.That(stops, Has.Count.EqualTo(4));
        Assert.That(stops[2], Is.EqualTo("stop orderbook -"));
        Assert.That(stops[3], Is.EqualTo("stop writer -"));
        Assert.That(manager.Snapshot().Children, Is.Empty);
    }

    [Test]
    public async Task Snapshot_ListsEveryChildWithItsPid()
    {
        var manager = Create(TestConfigs.WithSymbols("AAAUSDT"), new ShellLauncher(Script));
        await using var _ = manager;
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);
        Assert.That(await Eventually.TrueAsync(() => manager.Snapshot().Children.Count == 2 && manager.Snapshot().Children.All(c => c.State == "running")), Is.True);
        var snapshot = manager.Snapshot();
        Assert.That(snapshot.Children.Select(c => (c.Role, c.Symbol)), Is.EqualTo(new[] { ("writer", (string?)null), ("worker", "AAAUSDT") }));
        Assert.That(snapshot.Children.All(c => c.Pid > 0), Is.True);
        Assert.That(manager.ChildPids().Select(c => c.Name), Is.EqualTo(new[] { "writer", "worker AAAUSDT" }));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task Reload_StartsAddedWorkers_StopsRemovedOnes_RestartsChangedOnes_AndLeavesTheRestAlone()
    {
        var manager = Create(TestConfigs.WithSymbols("AAAUSDT", "BBBUSDT", "CCCUSDT"), new ShellLauncher(Script));
        await using var _ = manager;
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);
        Assert.That(await Eventually.TrueAsync(() => manager.ChildPids().Count == 4), Is.True);
        var before = manager.ChildPids().ToDictionary(c => c.Name, c => c.Pid);

        var next = TestConfigs.Parse("""
            mode: development
            modes:
              development:
                symbols:
                  - BBBUSDT
                  - {symbol: CCCUSDT, streams: [aggtrade]}
                  - DDDUSDT
            supervisor:
              restart_min_delay: 100ms
              stop_timeout: 5s
              start_stagger: 0ms
            """);
        var plan = await manager.ApplyAsync(next, CancellationToken.None);
        Assert.That(plan.Start, Is.EqualTo(new[] { "DDDUSDT" }));
        Assert.That(plan.Stop, Is.EqualTo(new[] { "AAAUSDT" }));
        Assert.That(plan.Restart, Is.EqualTo(new[] { "CCCUSDT" }));

        Assert.That(await Eventually.TrueAsync(() => manager.ChildPids().Count == 4), Is.True);
        var after = manager.ChildPids().ToDictionary(c => c.Name, c => c.Pid);
        Assert.That(after.Keys, Is.EquivalentTo(new[] { "writer", "worker BBBUSDT", "worker CCCUSDT", "worker DDDUSDT" }));
        Assert.That(after["writer"], Is.EqualTo(before["writer"]));
        Assert.That(after["worker BBBUSDT"], Is.EqualTo(before["worker BBBUSDT"]), "untouched");
        Assert.That(after["worker CCCUSDT"], Is.Not.EqualTo(before["worker CCCUSDT"]), "restarted");
        Assert.That(Events(), Does.Contain("stop worker AAAUSDT"));
        Assert.That(manager.Config, Is.SameAs(next));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task Simulate_StartsTheSimulatorFirst_AndAnnouncesItsAddressBeforeAnythingElseStarts()
    {
        var launcher = new ShellLauncher((role, symbol) => role == ChildRole.Simulator
            ? "echo 'some banner'; echo 'simulator listening on http://127.0.0.1:45678'; trap 'exit 0' TERM; while :; do sleep 0.05; done"
            : Script(role, symbol));
        Uri? announced = null;
        var launchesAtAnnouncement = -1;
        var manager = Create(TestConfigs.WithSymbols("AAAUSDT"), launcher, simulate: true, ready: url =>
        {
            announced = url;
            launchesAtAnnouncement = launcher.Launches.Count;
        });
        await using var _ = manager;
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);
        Assert.That(await Eventually.TrueAsync(() => manager.ChildPids().Count == 3), Is.True);
        Assert.That(announced, Is.EqualTo(new Uri("http://127.0.0.1:45678")));
        Assert.That(launchesAtAnnouncement, Is.EqualTo(1), "only the simulator was launched before");
        Assert.That(manager.Snapshot().Exchange, Is.EqualTo("http://127.0.0.1:45678/"));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task ASimulatorThatNeverAnnouncesItself_FailsTheStartWithAReason()
    {
        var launcher = new ShellLauncher((role, symbol) => role == ChildRole.Simulator ? "exec sleep 30" : Script(role, symbol));
        var manager = Create(TestConfigs.WithSymbols("AAAUSDT"), launcher, simulate: true, simulatorTimeout: TimeSpan.FromMilliseconds(500));
        await using var _ = manager;
        var e = await Assert.ThrowsAsync<SupervisorStartException>(() => manager.RunAsync(CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("did not report its address"));
        Assert.That(launcher.Launches.Select(l => l.Role), Is.EqualTo(new[] { ChildRole.Simulator }));
    }

    [Test]
    public async Task ACrashingWriter_IsRestarted_WhileWorkersKeepRunning()
    {
        var marker = Path.Combine(_dir, "writer-ran-once");
        var launcher = new ShellLauncher((role, symbol) => role == ChildRole.Writer
            ? $"if [ ! -e '{marker}' ]; then touch '{marker}'; exit 1; fi; " + Script(role, symbol)
            : Script(role, symbol));
        var manager = Create(TestConfigs.WithSymbols("AAAUSDT"), launcher);
        await using var _ = manager;
        using var stop = new CancellationTokenSource();
        var run = manager.RunAsync(stop.Token);
        Assert.That(await Eventually.TrueAsync(() => manager.Snapshot().Children.FirstOrDefault(c => c.Role == "writer") is { Restarts: 1, State: "running" }), Is.True);
        var worker = manager.Snapshot().Children.Single(c => c.Role == "worker");
        Assert.That(worker.Restarts, Is.Zero);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
    }
}

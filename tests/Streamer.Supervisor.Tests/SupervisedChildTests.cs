using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Streamer.Core.Status;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Supervision;

namespace Streamer.Supervisor.Tests;

[Platform(Exclude = "Win")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class SupervisedChildTests
{
    private readonly ConcurrentQueue<(string Name, string Line)> _output = new();

    private SupervisedChild Create(string script, ChildRole role = ChildRole.Writer, string? symbol = null,
        int loopRestarts = 100, TimeSpan? loopDelay = null) =>
        new(role, symbol is null ? [] : [symbol], new ShellLauncher(script),
            new RestartPolicy(TestConfigs.Supervisor(min: TimeSpan.FromMilliseconds(100), max: TimeSpan.FromMilliseconds(200), loopRestarts: loopRestarts, loopDelay: loopDelay), TimeProvider.System),
            NullLogger.Instance, TimeProvider.System, (name, line) => _output.Enqueue((name, line)));

    [Test]
    public async Task ADyingChild_IsRestarted()
    {
        using var child = Create("exit 1");
        child.Start();
        Assert.That(await Eventually.TrueAsync(() => child.Restarts >= 2), Is.True, "restarted twice");
        Assert.That(child.Snapshots().Single().LastExitCode, Is.EqualTo(1));
        await child.StopAsync(TimeSpan.FromSeconds(5));
        Assert.That(child.State, Is.EqualTo(ChildState.Stopped));
    }

    [Test]
    public async Task ACrashLoopingChild_BecomesCrashLoop_AndIsNotRestartedUntilTheCrashLoopDelay()
    {
        using var child = Create("exit 3", loopRestarts: 3, loopDelay: TimeSpan.FromHours(1));
        child.Start();
        Assert.That(await Eventually.TrueAsync(() => child.State == ChildState.CrashLoop), Is.True);
        var snapshot = child.Snapshots().Single();
        Assert.That(snapshot.State, Is.EqualTo("crash-loop"));
        Assert.That(snapshot.CrashLoop, Is.True);
        Assert.That(snapshot.Restarts, Is.EqualTo(2), "three runs: the first and two restarts");
        Assert.That(snapshot.NextStartAt, Is.GreaterThan(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(59)));
        await child.StopAsync(TimeSpan.FromSeconds(5));
        Assert.That(child.Restarts, Is.EqualTo(2));
    }

    [Test]
    public async Task AWorkerWhoseSymbolIsRejected_IsNotRestarted()
    {
        using var child = Create("exit 10", ChildRole.Worker, "NOPEUSDT");
        child.Start();
        await child.Completion.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.That(child.State, Is.EqualTo(ChildState.Rejected));
        Assert.That(child.Restarts, Is.Zero);
        Assert.That(child.Snapshots().Single().Detail, Does.Contain("NOPEUSDT"));
    }

    [Test]
    public async Task AWriterExitingWithCode10_IsStillRestarted()
    {
        using var child = Create("exit 10", ChildRole.Writer);
        child.Start();
        Assert.That(await Eventually.TrueAsync(() => child.Restarts >= 1), Is.True);
        await child.StopAsync(TimeSpan.FromSeconds(5));
    }

    [Test]
    public async Task Stop_SendsSigterm_AndTheChildExitsOnItsOwn()
    {
        using var child = Create("trap 'echo bye >&2; exit 0' TERM; echo ready >&2; while :; do sleep 0.05; done");
        child.Start();
        Assert.That(await Eventually.TrueAsync(() => _output.Any(o => o.Line == "ready")), Is.True);
        await child.StopAsync(TimeSpan.FromSeconds(10)).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.That(_output.Select(o => o.Line), Does.Contain("bye"));
        Assert.That(child.Snapshots().Single().LastExitCode, Is.Zero);
        Assert.That(child.Restarts, Is.Zero);
    }

    [Test]
    public async Task Stop_KillsAChildThatIgnoresSigterm_AfterTheTimeout()
    {
        using var child = Create("trap '' TERM; echo ready >&2; while :; do sleep 0.05; done");
        child.Start();
        Assert.That(await Eventually.TrueAsync(() => _output.Any(o => o.Line == "ready")), Is.True);
        var pid = child.Pid!.Value;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await child.StopAsync(TimeSpan.FromMilliseconds(300)).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(Processes.ProcessInspector.IsAlive(pid), Is.False);
        Assert.That(child.State, Is.EqualTo(ChildState.Stopped));
    }

    [Test]
    public async Task StatusLines_BecomeTheReport_AndOtherLinesAreForwardedWithTheChildName()
    {
        static string Line(long messages) => StatusLine.Format(new ChildStatus
        {
            Role = "worker",
            Symbol = "BTCUSDT",
            State = "streaming",
            Streams = { ["aggtrade"] = new StreamStatus(messages, messages, 1_700_000_000_000, 0) },
            Counters = { ["reconnects"] = 2 },
        }).Replace("'", "'\\''", StringComparison.Ordinal);

        using var child = Create($"echo '{Line(10)}'; echo hello; sleep 0.3; echo '{Line(40)}'; echo oops >&2; exec sleep 30", ChildRole.Worker, "BTCUSDT");
        child.Start();
        Assert.That(await Eventually.TrueAsync(() => child.Snapshots().Single().Report?.Streams["aggtrade"].Messages == 40), Is.True);
        var snapshot = child.Snapshots().Single();
        Assert.That(snapshot.Report!.State, Is.EqualTo("streaming"));
        Assert.That(snapshot.Report.Counters["reconnects"], Is.EqualTo(2));
        Assert.That(snapshot.MessagesPerSecond["aggtrade"], Is.GreaterThan(0));
        Assert.That(await Eventually.TrueAsync(() => _output.Count >= 2), Is.True);
        Assert.That(_output, Does.Contain(("worker BTCUSDT", "hello")));
        Assert.That(_output, Does.Contain(("worker BTCUSDT", "oops")));
        Assert.That(_output.Any(o => o.Line.StartsWith(StatusLine.Prefix, StringComparison.Ordinal)), Is.False);
        await child.StopAsync(TimeSpan.FromSeconds(5));
    }

    [Test]
    public async Task AProgramThatCannotBeStarted_IsRetriedLikeACrash()
    {
        var launcher = new MissingProgramLauncher();
        using var child = new SupervisedChild(ChildRole.Writer, [], launcher,
            new RestartPolicy(TestConfigs.Supervisor(min: TimeSpan.FromMilliseconds(100), max: TimeSpan.FromMilliseconds(100)), TimeProvider.System),
            NullLogger.Instance, TimeProvider.System, (_, _) => { });
        child.Start();
        Assert.That(await Eventually.TrueAsync(() => launcher.Calls >= 3), Is.True);
        Assert.That(child.Snapshots().Single().Detail, Is.EqualTo("could not be started"));
        await child.StopAsync(TimeSpan.FromSeconds(5));
    }

    private sealed class MissingProgramLauncher : Processes.IChildLauncher
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Processes.ChildSpec Create(ChildRole role, IReadOnlyList<string> symbols)
        {
            Interlocked.Increment(ref _calls);
            return new Processes.ChildSpec("/nonexistent/streamer-test-program", []);
        }
    }
}

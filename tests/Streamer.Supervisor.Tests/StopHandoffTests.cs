using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Streamer.Core;
using Streamer.Core.Status;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Supervision;
using Streamer.Pipes.Clients;

namespace Streamer.Supervisor.Tests;

/// <summary>What a stop reports about the rows producers held: journalled is fine, lost is a failure with its count.</summary>
[Platform(Exclude = "Win")]
public class StopHandoffTests
{
    [Test]
    public async Task WorkerThatJournalledAtTheStop_IsSafe_AndCountedPerSymbol()
    {
        var outcome = await StopWorkerAsync(new() { [HandoffCounters.StopJournalled] = 120, [HandoffCounters.StopLost] = 0 }, ExitCodes.Ok);
        var report = new StopReport();
        report.AddProducer(outcome);
        Assert.That(report.Safe, Is.True);
        Assert.That(report.JournalledBySymbol, Is.EqualTo(new Dictionary<string, long> { ["AAAUSDT"] = 120 }));
        Assert.That(report.JournalledText(), Is.EqualTo("AAAUSDT 120"));
    }

    [Test]
    public async Task WorkerThatLostFrames_MakesTheStopUnsafe_WithTheCount()
    {
        var outcome = await StopWorkerAsync(new() { [HandoffCounters.StopJournalled] = 10, [HandoffCounters.StopLost] = 7 }, ExitCodes.FramesLost);
        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.FramesLost));
        var report = new StopReport();
        report.AddProducer(outcome);
        Assert.That(report.Safe, Is.False);
        Assert.That(report.Lost, Is.EqualTo(7));
        Assert.That(report.Problems.Single(), Does.Contain("7 frame(s) could be neither written nor journalled"));
    }

    [Test]
    public async Task RestartNow_EndsAPendingRestartDelay()
    {
        var launcher = new ShellLauncher("exit 1");
        using var writer = new SupervisedChild(ChildRole.Writer, [], launcher,
            new RestartPolicy(TestConfigs.Supervisor(min: TimeSpan.FromMinutes(5), max: TimeSpan.FromMinutes(5)), TimeProvider.System),
            NullLogger.Instance, TimeProvider.System, (_, _) => { });
        writer.Start();
        Assert.That(await Eventually.TrueAsync(() => writer.State == ChildState.Restarting), Is.True, "waiting 5 minutes to restart");
        Assert.That(writer.RestartNow(), Is.True);
        Assert.That(await Eventually.TrueAsync(() => launcher.Launches.Count >= 2, TimeSpan.FromSeconds(5)), Is.True, "restarted at once");
        await writer.StopAsync(TimeSpan.FromSeconds(5));
        Assert.That(writer.RestartNow(), Is.False, "a stopped child is not restarted");
    }

    /// <summary>A worker that prints a status line, and on SIGTERM a final one with <paramref name="final"/> counters, then exits.</summary>
    private static async Task<ChildStopOutcome> StopWorkerAsync(Dictionary<string, long> final, int exitCode)
    {
        static string Line(ChildStatus status) => StatusLine.Format(status).Replace("'", "'\\''", StringComparison.Ordinal);
        var running = Line(new ChildStatus { Role = "worker", Symbol = "AAAUSDT", State = "streaming" });
        var last = Line(new ChildStatus { Role = "worker", Symbol = "AAAUSDT", State = "draining", Counters = final });
        var script = $"final() {{ echo '{last}'; exit {exitCode}; }}; trap final TERM; echo '{running}'; while true; do sleep 0.05; done";
        using var worker = new SupervisedChild(ChildRole.Worker, ["AAAUSDT"], new ShellLauncher(script),
            new RestartPolicy(TestConfigs.Supervisor(), TimeProvider.System), NullLogger.Instance, TimeProvider.System, (_, _) => { });
        worker.Start();
        Assert.That(await Eventually.TrueAsync(() => worker.Snapshots()[0].Report is not null), Is.True, "first status line");
        return await worker.StopAsync(TimeSpan.FromSeconds(5));
    }
}

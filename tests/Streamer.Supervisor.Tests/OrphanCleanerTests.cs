using System.Diagnostics;
using NUnit.Framework;
using Streamer.Supervisor.Control;
using Streamer.Supervisor.Processes;

namespace Streamer.Supervisor.Tests;

[Platform(Include = "Linux")]
public class OrphanCleanerTests
{
    private static Process StartFakeChild(string parentPid) =>
        Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "trap '' TERM; while :; do sleep 0.05; done", "sh", "--parent-pid", parentPid } })!;

    [Test]
    public async Task LeftoversOfACrashedRun_AreStopped_EvenWhenTheyIgnoreSigterm()
    {
        using var leftover = StartFakeChild("999999");
        var previous = new RunInfo(999999, DateTimeOffset.UtcNow, "stmr-999999-ctl", "config.yaml", [new RunChild("writer", leftover.Id)]);
        var cleaned = await OrphanCleaner.CleanAsync(previous, TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.That(cleaned, Is.EqualTo(1));
        Assert.That(await Eventually.TrueAsync(() => !ProcessInspector.IsAlive(leftover.Id)), Is.True);
    }

    [Test]
    public async Task AProcessOfAnotherRun_OrARecycledPid_IsLeftAlone()
    {
        using var stranger = StartFakeChild("123456");
        try
        {
            var previous = new RunInfo(999999, DateTimeOffset.UtcNow, "stmr-999999-ctl", "config.yaml", [new RunChild("writer", stranger.Id)]);
            Assert.That(await OrphanCleaner.CleanAsync(previous, TimeSpan.FromMilliseconds(300), CancellationToken.None), Is.Zero);
            Assert.That(ProcessInspector.IsAlive(stranger.Id), Is.True);
        }
        finally
        {
            stranger.Kill(entireProcessTree: true);
        }
    }
}

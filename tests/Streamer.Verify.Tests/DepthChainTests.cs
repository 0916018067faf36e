using NUnit.Framework;
using Streamer.Core.Streams;

namespace Streamer.Verify.Tests;

public class DepthChainTests
{
    [Test]
    public async Task ContinuousChain_WithEmptyUpdate_IsClean()
    {
        using var data = new Recording();
        var updates = Recording.Chain(95, 10);
        updates[4].Item4 = 0; // an update with no levels: one row with empty side, price and quantity
        data.Write(StreamCatalog.DepthSnapshot, Recording.Day1, Recording.Snapshot(Recording.Day1, 100));
        data.Write(StreamCatalog.Depth, Recording.Day1, Recording.Depth(Recording.Day1, updates));

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "depth", Recording.Day1);
        Assert.That(code, Is.Zero);
        Assert.That(day.GetProperty("updates").GetInt64(), Is.EqualTo(10));
        Assert.That(day.GetProperty("rows").GetInt64(), Is.EqualTo(9 * 3 + 1));
        Assert.That(day.GetProperty("breaks_total").GetInt64(), Is.Zero);
    }

    [Test]
    public async Task PuBreakWithoutSnapshot_Fails()
    {
        using var data = new Recording();
        var before = Recording.Chain(95, 5);
        var after = Recording.Chain(before[^1].Item2 + 50, 5); // pu jumps ahead: updates lost
        data.Write(StreamCatalog.Depth, Recording.Day1, Recording.Depth(Recording.Day1, [.. before, .. after]));

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "depth", Recording.Day1);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(day.GetProperty("breaks_unresolved").GetInt64(), Is.EqualTo(1));
        var depthBreak = day.GetProperty("breaks")[0];
        Assert.That(depthBreak.GetProperty("previous_u").GetInt64(), Is.EqualTo(before[^1].Item2));
        Assert.That(depthBreak.GetProperty("pu").GetInt64(), Is.EqualTo(after[0].Item3));
        Assert.That(depthBreak.GetProperty("at").GetProperty("line").GetInt64(), Is.EqualTo(1 + 5 * 3 + 1));
        Assert.That(depthBreak.GetProperty("outcome").GetString(), Is.EqualTo("unresolved"));
    }

    [Test]
    public async Task PuBreakFollowedBySnapshot_IsResyncedAndPasses()
    {
        using var data = new Recording();
        var before = Recording.Chain(95, 5);
        var after = Recording.Chain(before[^1].Item2 + 50, 5);
        // The snapshot taken after the break: its id falls inside the third update after the break.
        var snapshotId = after[2].Item1 + 2;
        data.Write(StreamCatalog.DepthSnapshot, Recording.Day1, [.. Recording.Snapshot(Recording.Day1, 100), .. Recording.Snapshot(Recording.Day1, snapshotId, second: 30)]);
        data.Write(StreamCatalog.Depth, Recording.Day1, Recording.Depth(Recording.Day1, [.. before, .. after]));

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "depth", Recording.Day1);
        Assert.That(code, Is.Zero);
        Assert.That(day.GetProperty("breaks_total").GetInt64(), Is.EqualTo(1));
        Assert.That(day.GetProperty("breaks_resynced").GetInt64(), Is.EqualTo(1));
        Assert.That(day.GetProperty("breaks")[0].GetProperty("snapshot_last_update_id").GetInt64(), Is.EqualTo(snapshotId));
    }

    [Test]
    public async Task SnapshotOlderThanTheLostUpdates_DoesNotResync()
    {
        using var data = new Recording();
        var before = Recording.Chain(95, 5);
        var after = Recording.Chain(before[^1].Item2 + 50, 5);
        // Taken before the break: it cannot contain what was lost.
        data.Write(StreamCatalog.DepthSnapshot, Recording.Day1, Recording.Snapshot(Recording.Day1, before[2].Item2));
        data.Write(StreamCatalog.Depth, Recording.Day1, Recording.Depth(Recording.Day1, [.. before, .. after]));

        var run = await VerifyRun.StartAsync(data.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("no later depth_snapshot restarts the chain"));
    }

    [Test]
    public async Task SnapshotAfterASecondBreak_ResyncsBoth_TheFirstAsDecidedByTheSecond()
    {
        using var data = new Recording();
        var first = Recording.Chain(95, 3);
        var second = Recording.Chain(first[^1].Item2 + 50, 3);
        var third = Recording.Chain(second[^1].Item2 + 50, 3);
        data.Write(StreamCatalog.DepthSnapshot, Recording.Day1, Recording.Snapshot(Recording.Day1, third[1].Item2));
        data.Write(StreamCatalog.Depth, Recording.Day1, Recording.Depth(Recording.Day1, [.. first, .. second, .. third]));

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        // A restart, then a drop before the snapshot landed: the book is unknown from the first break to the
        // snapshot, as between any break and its snapshot; from there it can be rebuilt.
        var breaks = VerifyRun.Day(report, "depth", Recording.Day1).GetProperty("breaks");
        Assert.That(code, Is.Zero);
        Assert.That(breaks.EnumerateArray().Select(b => b.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "resynced", "resynced" }));
        Assert.That(breaks.EnumerateArray().Select(b => b.GetProperty("snapshot_last_update_id").GetInt64()), Is.All.EqualTo(third[1].Item2));

        var text = await VerifyRun.StartAsync(data.Path);
        Assert.That(text.Output, Does.Contain("after a later break"));
    }

    [Test]
    public async Task SecondBreakWithoutAnySnapshot_LeavesBothUnresolved()
    {
        using var data = new Recording();
        var first = Recording.Chain(95, 3);
        var second = Recording.Chain(first[^1].Item2 + 50, 3);
        var third = Recording.Chain(second[^1].Item2 + 50, 3);
        data.Write(StreamCatalog.DepthSnapshot, Recording.Day1, Recording.Snapshot(Recording.Day1, first[0].Item2));
        data.Write(StreamCatalog.Depth, Recording.Day1, Recording.Depth(Recording.Day1, [.. first, .. second, .. third]));

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var breaks = VerifyRun.Day(report, "depth", Recording.Day1).GetProperty("breaks");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(breaks.EnumerateArray().Select(b => b.GetProperty("outcome").GetString()), Is.EqualTo(new[] { "unresolved", "unresolved" }));
    }

    [Test]
    public async Task BreakAtTheEndOfTodaysLiveFile_IsOnlyAWarning()
    {
        using var data = new Recording();
        var before = Recording.Chain(95, 5);
        var after = Recording.Chain(before[^1].Item2 + 50, 2);
        data.Write(StreamCatalog.Depth, Recording.Day2, Recording.Depth(Recording.Day2, [.. before, .. after]));

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "depth", Recording.Day2);
        Assert.That(code, Is.Zero);
        Assert.That(day.GetProperty("status").GetString(), Is.EqualTo("warning"));
        Assert.That(day.GetProperty("breaks_awaiting_snapshot").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public async Task BreakAcrossMidnight_IsFoundInTheSecondDay()
    {
        using var data = new Recording();
        var before = Recording.Chain(95, 5);
        var after = Recording.Chain(before[^1].Item2 + 50, 5);
        data.Write(StreamCatalog.Depth, Recording.Day1, Recording.Depth(Recording.Day1, before));
        data.Write(StreamCatalog.Depth, Recording.Day2, Recording.Depth(Recording.Day2, after));
        data.Write(StreamCatalog.DepthSnapshot, Recording.Day2, Recording.Snapshot(Recording.Day2, after[1].Item2));

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        Assert.That(code, Is.Zero);
        Assert.That(VerifyRun.Day(report, "depth", Recording.Day1).GetProperty("breaks_total").GetInt64(), Is.Zero);
        Assert.That(VerifyRun.Day(report, "depth", Recording.Day2).GetProperty("breaks_resynced").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public async Task RepeatedUpdate_IsADuplicate()
    {
        using var data = new Recording();
        var updates = Recording.Chain(95, 6).ToList();
        updates.Insert(3, updates[2]); // written twice in a row: same ids, same levels
        data.Write(StreamCatalog.Depth, Recording.Day1, Recording.Depth(Recording.Day1, [.. updates]));

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "depth", Recording.Day1);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(day.GetProperty("duplicates_total").GetInt64(), Is.EqualTo(1));
        Assert.That(day.GetProperty("breaks_total").GetInt64(), Is.Zero);
    }

    [Test]
    public async Task RowWithUnknownSide_IsMalformed()
    {
        using var data = new Recording();
        var rows = Recording.Depth(Recording.Day1, Recording.Chain(95, 3)).ToList();
        rows[4] = rows[4].Replace(",ask,", ",sell,", StringComparison.Ordinal);
        data.Write(StreamCatalog.Depth, Recording.Day1, rows);

        var run = await VerifyRun.StartAsync(data.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("_20260501.csv:6"));
    }
}

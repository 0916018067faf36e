using System.Diagnostics;
using Streamer.Writer.Tests.Support;
using static Streamer.Writer.Tests.Support.Rows;

namespace Streamer.Writer.Tests;

/// <summary>
/// What the writer costs per frame in steady state under market-like load (10 workers, one frame per
/// message, production flush interval). Allocation counts are exact and machine-independent, so they are
/// asserted; CPU time is only printed (noisy on a shared machine).
/// </summary>
[NonParallelizable]
public class SteadyStateCostTests
{
    private const int Symbols = 10;
    private const int Rate = 50_000;

    // What is left is per pipe read, not per frame: PipeStream's and StreamPipeReader's async boxes (~100-200 B
    // per read that has to wait, runtime code): 25-70 B/frame at one frame per read, ~7 at 64. Before the batch
    // handoff it was ~125 B per frame at 64 per write. The limits leave room for a noisy machine.
    // One frame per write is not asserted here: how many reads have to wait (and allocate) depends on how busy
    // the machine is (79 B/frame quiet, over 100 under load). bench/run.sh cost measures the end-to-end figure.
    [TestCase(64, 24)]
    public async Task SteadyState_AllocatesAlmostNothingPerFrame(int framesPerWrite, double maxBytesPerFrame)
    {
        await using var h = new WriterHarness(o => o with { FlushInterval = TimeSpan.FromMilliseconds(25), PublishStatus = null });
        await h.StartAsync();
        using var load = SteadyLoad.Connect(h.Options.PipeName, Symbols, Ms(Day1), framesPerWrite);

        // Warm-up: files opened, JIT tiers settled, pools and queues at their working size.
        await Task.Run(() => load.Send(Rate, Rate));
        await Eventually.WaitAsync(() => load.AllAcknowledged, "warm-up acknowledged");

        // ALLOC_TYPES=1 prints which types the window allocated (to find a regression's source).
        using var types = new AllocationTypes();
        types.On = Environment.GetEnvironmentVariable("ALLOC_TYPES") == "1";
        const long frames = 3L * Rate;
        var sentBefore = load.FramesSent;
        var gen0 = GC.CollectionCount(0);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Run(() => load.Send(frames, Rate));
        await Eventually.WaitAsync(() => load.AllAcknowledged, "everything acknowledged");
        var bytesPerFrame = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / frames;
        var cpuPerFrameUs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / frames;
        var gen0PerMillion = (GC.CollectionCount(0) - gen0) * 1e6 / frames;
        await TestContext.Out.WriteLineAsync(FormattableString.Invariant(
            $"writer steady state at {Rate:N0} frames/s, {framesPerWrite} per write: {bytesPerFrame:F1} B/frame, {gen0PerMillion:F1} gen0/M, {cpuPerFrameUs:F2} µs CPU/frame (load included)"));

        types.On = false;
        await TestContext.Out.WriteLineAsync(types.Top());
        Assert.That(load.FramesSent - sentBefore, Is.EqualTo(frames));
        Assert.That(bytesPerFrame, Is.LessThan(maxBytesPerFrame), "allocated bytes per frame in steady state");
    }
}

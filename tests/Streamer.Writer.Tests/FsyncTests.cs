using Streamer.Pipes.Framing;
using Streamer.Core.Streams;
using Streamer.Core.Storage;
using Streamer.Writer.Tests.Support;
using static Streamer.Writer.Tests.Support.Rows;

namespace Streamer.Writer.Tests;

/// <summary>When fsync happens relative to the engine loop, the checkpoint and the acknowledgements.</summary>
public class FsyncTests
{
    private static readonly Hello Btc = Hello.ForWorker("BTCUSDT");

    [Test]
    public async Task PeriodicFsync_RunsOffTheEngineThread_SoFramesAreStillAcknowledgedWhileItIsSlow()
    {
        var fs = new FaultyFileSystem(PhysicalFileSystem.Instance);
        await using var h = new WriterHarness(o => o with { FileSystem = fs, FsyncInterval = TimeSpan.FromMilliseconds(20), FsyncRows = 0 });
        await h.StartAsync();
        await using var client = await RawClient.ConnectAsync(h.Options.PipeName);
        await client.HelloAsync(Btc);
        fs.SyncGate.Reset();
        try
        {
            await client.SendDataAsync(1, Ms(Day1), AggTrade(1, Ms(Day1)));
            await client.WaitForAckAsync(1);
            await Eventually.WaitAsync(() => fs.SyncsWaiting > 0, "an fsync of the data file is under way and stuck");

            // Before: the engine waited in that fsync, and nothing was read, written or acknowledged meanwhile.
            for (ulong sequence = 2; sequence <= 5; sequence++)
            {
                await client.SendDataAsync(sequence, Ms(Day1), AggTrade((long)sequence, Ms(Day1)));
                await client.WaitForAckAsync(sequence);
            }
        }
        finally
        {
            fs.SyncGate.Set();
        }

        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(new long[] { 1, 2, 3, 4, 5 }));
        Assert.That(await h.StopAsync(), Is.EqualTo(0));
    }

    [Test]
    public async Task FsyncAtEveryFlush_StaysBeforeTheAcknowledgement()
    {
        var fs = new FaultyFileSystem(PhysicalFileSystem.Instance);
        await using var h = new WriterHarness(o => o with { FileSystem = fs, FsyncInterval = TimeSpan.Zero });
        await h.StartAsync();
        await using var client = await RawClient.ConnectAsync(h.Options.PipeName);
        await client.HelloAsync(Btc);
        fs.SyncGate.Reset();
        try
        {
            await client.SendDataAsync(1, Ms(Day1), AggTrade(1, Ms(Day1)));
            await Eventually.WaitAsync(() => fs.SyncsWaiting > 0, "the fsync of the flush is under way and stuck");
            await Assert.ThatAsync(() => client.ReadAsync(TimeSpan.FromMilliseconds(300)), Throws.InstanceOf<OperationCanceledException>(),
                "no acknowledgement before the rows are fsynced");
        }
        finally
        {
            fs.SyncGate.Set();
        }

        await client.WaitForAckAsync(1);
    }
}

using Streamer.Core.Streams;
using Streamer.Writer.Tests.Support;
using static Streamer.Writer.Tests.Support.Rows;

namespace Streamer.Writer.Tests;

/// <summary>WriterClient against a writer that goes away and comes back: nothing lost, nothing doubled, order kept.</summary>
public class WriterClientTests
{
    [Test]
    public async Task WriterDownForAWhile_SmallMemory_JournalsAndDeliversEverythingOnceInOrder()
    {
        await using var h = new WriterHarness();
        var client = h.Client(maxBufferedBytes: 4096);
        await client.StartAsync(CancellationToken.None);
        for (var id = 1; id <= 2000; id++)
        {
            await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
        }

        Assert.That(client.Connected, Is.False);
        Assert.That(client.UnacknowledgedCount, Is.EqualTo(2000));
        Assert.That(Directory.GetFiles(h.JournalDir(), "*.seg"), Has.Length.EqualTo(1), "frames beyond 4 KB spill to the journal");

        await h.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client.DrainAsync(timeout.Token);

        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(Enumerable.Range(1, 2000).Select(i => (long)i)));
        Assert.That(client.LastAcknowledged, Is.EqualTo(2000UL));
        Assert.That(client.UnacknowledgedCount, Is.Zero);
        Assert.That(client.UnacknowledgedBytes, Is.Zero, "the journal is emptied once everything is acknowledged");
    }

    [Test]
    public async Task WriterRestartedRepeatedlyUnderLoad_EveryRowExactlyOnceInOrder()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        var client = h.Client(maxBufferedBytes: 16 * 1024);
        await client.StartAsync(CancellationToken.None);
        using var stopProducing = new CancellationTokenSource();
        long produced = 0;
        var producer = Task.Run(async () =>
        {
            while (!stopProducing.IsCancellationRequested)
            {
                var id = ++produced;
                await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
                if (id % 50 == 0)
                {
                    await Task.Delay(1);
                }
            }
        });

        for (var restart = 0; restart < 4; restart++)
        {
            var before = client.LastAcknowledged;
            await Eventually.WaitAsync(() => client.LastAcknowledged > before + 100, "progress before restart");
            Assert.That(await h.StopAsync(), Is.EqualTo(0));
            await h.StartAsync();
        }

        await stopProducing.CancelAsync();
        await producer;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client.DrainAsync(timeout.Token);
        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)),
            Is.EqualTo(Enumerable.Range(1, (int)produced).Select(i => (long)i)));
    }

    [Test]
    public async Task GatherWindow_FramesWrittenWithinIt_GoToTheWriterInOnePipeWrite()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        // A window far longer than 50 in-memory appends take even on a loaded machine: the test cannot race it.
        var client = h.Client(gatherWindow: TimeSpan.FromSeconds(1));
        await client.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => client.Connected, "connected");
        for (var id = 1; id <= 50; id++)
        {
            await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
        }

        await Eventually.WaitAsync(() => client.LastAcknowledged == 50, "all 50 acknowledged");
        Assert.That(client.FrameWrites, Is.EqualTo(1), "the first frame woke the sender, the other 49 joined it within the window");

        // Without a window every frame that finds the sender idle goes out on its own.
        var eager = h.Client("ETHUSDT");
        await eager.StartAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => eager.Connected, "connected");
        for (var id = 1; id <= 5; id++)
        {
            await eager.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
            await Eventually.WaitAsync(() => eager.LastAcknowledged == (ulong)id, "acknowledged " + id);
        }

        Assert.That(eager.FrameWrites, Is.EqualTo(5));
        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(Enumerable.Range(1, 50).Select(i => (long)i)));
    }

    [Test]
    public async Task RestartedClient_ContinuesAfterWhatTheWriterHas()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using (var first = h.Client())
        {
            await first.StartAsync(CancellationToken.None);
            for (var id = 1; id <= 10; id++)
            {
                await first.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
            }

            await first.DrainAsync(CancellationToken.None);
        }

        var second = h.Client();
        await second.StartAsync(CancellationToken.None);
        for (var id = 11; id <= 20; id++)
        {
            await second.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
        }

        await second.DrainAsync(CancellationToken.None);
        Assert.That(second.LastAcknowledged, Is.EqualTo(20UL));
        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(Enumerable.Range(1, 20).Select(i => (long)i)));
    }

    [Test]
    public async Task DrainAsync_WaitsForTheWriter_AndHonoursCancellation()
    {
        await using var h = new WriterHarness();
        var client = h.Client();
        await client.StartAsync(CancellationToken.None);
        await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(1, Ms(Day1))), default);
        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThatAsync(() => client.DrainAsync(shortWait.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(client.UnacknowledgedCount, Is.EqualTo(1));
    }

    [Test]
    public void OversizedFrame_IsRefusedBeforeItIsKept()
    {
        var client = new global::Streamer.Pipes.Clients.WriterClient("unused", global::Streamer.Pipes.Framing.Hello.ForWorker("X"), 1024, Path.GetTempPath(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System);
        Assert.That(async () => await client.WriteAsync(StreamType.AggTrade, 0, new byte[global::Streamer.Pipes.Framing.FrameCodec.MaxPayloadLength + 1], default),
            Throws.ArgumentException);
        Assert.That(client.UnacknowledgedCount, Is.Zero);
    }
}

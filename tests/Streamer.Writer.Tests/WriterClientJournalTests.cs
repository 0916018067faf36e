using Streamer.Core.Streams;
using Streamer.Pipes.Journal;
using Streamer.Writer.Tests.Support;
using static Streamer.Writer.Tests.Support.Rows;

namespace Streamer.Writer.Tests;

/// <summary>
/// The handoff across processes: what a client could not deliver outlives it in the journal, and the next client of
/// the same source delivers it exactly once, in order, before its own frames.
/// </summary>
public class WriterClientJournalTests
{
    [Test]
    public async Task ClosedWhileTheWriterIsDown_JournalsEverything_AndTheNextClientDeliversItOnceBeforeItsOwn()
    {
        await using var h = new WriterHarness();
        var first = h.Client(maxBufferedBytes: 4096);
        await first.StartAsync(CancellationToken.None);
        for (var id = 1; id <= 2000; id++)
        {
            await first.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
        }

        var handoff = await first.CloseAsync();
        Assert.That(handoff, Is.EqualTo(new global::Streamer.Pipes.Clients.HandoffResult(2000, 0)), "every frame, also those still in memory, is journalled");
        Assert.That(JournalInspector.Inspect(h.JournalDir()).Frames, Is.EqualTo(2000));

        await h.StartAsync();
        var second = h.Client(maxBufferedBytes: 4096);
        await second.StartAsync(CancellationToken.None);
        Assert.That(second.JournalledLastRow(StreamType.AggTrade), Does.StartWith("2000,"), "a new worker resumes after the journal");
        for (var id = 2001; id <= 2100; id++)
        {
            await second.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await second.DrainAsync(timeout.Token);
        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(Enumerable.Range(1, 2100).Select(i => (long)i)));
        Assert.That(await second.CloseAsync(), Is.EqualTo(new global::Streamer.Pipes.Clients.HandoffResult(0, 0)));
        Assert.That(JournalInspector.HasSegments(h.JournalDir()), Is.False, "a delivered journal leaves no segment behind");
    }

    [Test]
    public async Task ClientKilledWhileDeliveringItsJournal_TheNextOneSkipsWhatTheWriterHas_NoDuplicates()
    {
        const int Journalled = 30_000;
        await using var h = new WriterHarness();
        await h.StartAsync();
        var first = h.Client(maxBufferedBytes: 4096);
        await first.StartAsync(CancellationToken.None);
        for (var id = 1; id <= 100; id++)
        {
            await first.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
        }

        await Eventually.WaitAsync(() => first.LastAcknowledged == 100, "the first 100 written");
        Assert.That(await h.StopAsync(), Is.Zero);
        for (var id = 101; id <= Journalled; id++)
        {
            await first.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
        }

        // The writer returns and the journal flows; the client is killed (no spill, no ack) part-way through it.
        await h.StartAsync();
        await Eventually.WaitAsync(() => first.LastAcknowledged > 150, "delivery under way");
        await first.AbandonAsync();
        var journalled = JournalInspector.Inspect(h.JournalDir());

        var second = h.Client(maxBufferedBytes: 4096);
        await second.StartAsync(CancellationToken.None);
        for (var id = Journalled + 1; id <= Journalled + 100; id++)
        {
            await second.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await second.DrainAsync(timeout.Token);
        var ids = Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1));
        Assert.That(ids, Is.Unique.And.Ordered);
        var missing = Enumerable.Range(1, Journalled + 100).Select(i => (long)i).Except(ids).ToList();
        Assert.That(missing.Where(i => i <= journalled.LastLocal || i > Journalled), Is.Empty,
            "every journalled frame and every frame of the next client is written; only the dead client's memory is missing");
        Assert.That(missing.Count, Is.LessThan(100), "at most the 4 KB it held in memory");
    }

    [Test]
    public async Task KilledClientWhoseMemoryFramesReachedTheWriter_NextClientsFramesAreNotDroppedAsResends()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        var first = h.Client();
        await first.StartAsync(CancellationToken.None);
        for (var id = 1; id <= 50; id++)
        {
            await first.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
        }

        await Eventually.WaitAsync(() => first.LastAcknowledged == 50, "all written");
        await first.AbandonAsync(); // Nothing was journalled; the writer has 50 frames the journal never saw.

        var second = h.Client();
        await second.StartAsync(CancellationToken.None);
        for (var id = 51; id <= 60; id++)
        {
            await second.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await second.DrainAsync(timeout.Token);
        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(Enumerable.Range(1, 60).Select(i => (long)i)));
    }

    [Test]
    public async Task SecondClientOfASource_WaitsForTheFirstToReleaseItsJournal()
    {
        await using var h = new WriterHarness();
        var first = h.Client();
        await first.StartAsync(CancellationToken.None);
        var second = h.Client();
        var start = second.StartAsync(CancellationToken.None);
        await Task.WhenAny(start, Task.Delay(300));
        Assert.That(start.IsCompleted, Is.False, "one owner at a time");
        await first.CloseAsync();
        await start.WaitAsync(TimeSpan.FromSeconds(10));
    }
}

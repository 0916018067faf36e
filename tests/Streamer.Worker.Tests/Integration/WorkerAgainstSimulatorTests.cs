using Streamer.Core;
using Streamer.Core.Streams;
using static Streamer.Worker.Tests.Integration.SimulatedWorld;

namespace Streamer.Worker.Tests.Integration;

/// <summary>The worker against the real simulated exchange: nothing lost, nothing duplicated, every fault reported.</summary>
[NonParallelizable]
public sealed class WorkerAgainstSimulatorTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Worker_RecordsEverySubscribedStream_WithASnapshotAtStart()
    {
        await using var world = await StartAsync();
        var worker = world.StartWorker(world.Config());
        var sink = worker.Sink;

        await WaitForAsync(() => sink.Rows(StreamType.AggTrade).Count > 20 && sink.Rows(StreamType.Depth).Count > 20
            && sink.Rows(StreamType.BookTicker).Count > 20 && sink.Rows(StreamType.MarkPrice).Count > 0
            && sink.Rows(StreamType.DepthSnapshot).Count > 0, Deadline, "rows of every busy stream and a snapshot");
        Assert.That(await worker.StopAsync(), Is.EqualTo(ExitCodes.Ok));

        Assert.That(sink.Events().Any(e => e is { Stream: "depth", Kind: "snapshot" }), Is.True, "the start snapshot is in the events file");
        Assert.That(sink.Rows(StreamType.AggTrade)[0].Split(',').Length, Is.EqualTo(StreamCatalog.AggTrade.Columns.Count));
        Assert.That(worker.LastStatus!.Role, Is.EqualTo("worker"));
        Assert.That(worker.LastStatus.Streams["aggtrade"].Rows, Is.GreaterThan(20));
    }

    [Test]
    public async Task ForcedDisconnects_LoseNoAggTrade_AndDuplicateNone()
    {
        await using var world = await StartAsync();
        var worker = world.StartWorker(world.Config());
        var sink = worker.Sink;
        await WaitForAsync(() => sink.Rows(StreamType.AggTrade).Count > 20, Deadline, "first trades");

        for (var i = 0; i < 3; i++)
        {
            var before = worker.Worker.Status.Reconnects;
            world.Exchange.DropConnections("market");
            await WaitForAsync(() => worker.Worker.Status.Reconnects > before, Deadline, "reconnect " + (i + 1));
            var count = sink.Rows(StreamType.AggTrade).Count;
            await WaitForAsync(() => sink.Rows(StreamType.AggTrade).Count > count + 20 && !worker.Worker.AggTrades!.Backfilling, Deadline, "trades after reconnect");
        }

        Assert.That(await worker.StopAsync(), Is.EqualTo(ExitCodes.Ok));
        AssertGaplessAgainstTruth(world, sink);
        var events = sink.Events();
        Assert.That(events.Count(e => e is { Stream: "aggtrade", Kind: "disconnect" }), Is.EqualTo(3));
        Assert.That(events.Count(e => e is { Stream: "aggtrade", Kind: "reconnect" }), Is.EqualTo(3));
        Assert.That(events.Count(e => e is { Stream: "aggtrade", Kind: "backfill" }), Is.GreaterThanOrEqualTo(3));
        Assert.That(worker.Worker.Status.BackfilledTrades, Is.GreaterThan(0), "trades missed while disconnected were fetched over REST");
    }

    [Test]
    public async Task ShortConnectionLifetime_RollsOverManyTimes_WithoutLossOrDuplicates()
    {
        await using var world = await StartAsync();
        var worker = world.StartWorker(world.Config(network: "connection_lifetime: 1s"));
        var sink = worker.Sink;

        await WaitForAsync(() => worker.Worker.Status.Rollovers >= 6, TimeSpan.FromSeconds(30), "six rollovers");
        Assert.That(await worker.StopAsync(), Is.EqualTo(ExitCodes.Ok));

        AssertGaplessAgainstTruth(world, sink);
        Assert.That(worker.Worker.Status.Reconnects, Is.Zero, "a rollover is not a reconnect");
        Assert.That(sink.Events().Where(e => e.Stream == "depth" && e.Kind == "gap"), Is.Empty, "the depth chain survives every rollover");
        var tickers = sink.FirstColumn(StreamType.BookTicker);
        Assert.That(tickers, Is.Ordered.Ascending.And.Unique, "bookTicker updates are neither repeated nor reordered");
        Assert.That(sink.Events().Count(e => e.Kind == "rollover"), Is.GreaterThanOrEqualTo(6));
    }

    [Test]
    public async Task RestStorm429_DuringBackfill_StillLosesNothing()
    {
        await using var world = await StartAsync(o => o with { ViolationsBeforeBan = 1000 });
        var worker = world.StartWorker(world.Config());
        var sink = worker.Sink;
        await WaitForAsync(() => sink.Rows(StreamType.AggTrade).Count > 20, Deadline, "first trades");

        world.Exchange.FailRest(429, TimeSpan.FromSeconds(2));
        var before = worker.Worker.Status.Reconnects;
        world.Exchange.DropConnections("market");
        await WaitForAsync(() => worker.Worker.Status.Reconnects > before, Deadline, "reconnect");
        await WaitForAsync(() => worker.Rest.Failures > 0, Deadline, "the 429 was seen");
        var count = sink.Rows(StreamType.AggTrade).Count;
        await WaitForAsync(() => !worker.Worker.AggTrades!.Backfilling && sink.Rows(StreamType.AggTrade).Count > count + 20, Deadline, "backfill done after the storm");

        Assert.That(await worker.StopAsync(), Is.EqualTo(ExitCodes.Ok));
        AssertGaplessAgainstTruth(world, sink);
    }

    [Test]
    public async Task DepthGap_TriggersANewSnapshot_AndEventsRows()
    {
        await using var world = await StartAsync();
        var worker = world.StartWorker(world.Config());
        var sink = worker.Sink;
        await WaitForAsync(() => sink.Events().Any(e => e is { Stream: "depth", Kind: "snapshot" }) && sink.Rows(StreamType.Depth).Count > 10, Deadline, "first snapshot");

        world.Exchange.InjectDepthGap("BTCUSDT");

        // A resync can also happen at start (a snapshot older than the buffered stream is taken again), so
        // wait for a resync that comes after the gap row.
        static bool ResyncedAfterGap(List<(string Stream, string Kind, string From, string To, string Detail)> events)
        {
            var gapAt = events.FindIndex(e => e is { Stream: "depth", Kind: "gap" });
            return gapAt >= 0 && events.Skip(gapAt + 1).Any(e => e is { Stream: "depth", Kind: "resync" });
        }

        await WaitForAsync(() => ResyncedAfterGap(sink.Events()), Deadline, "resync after the gap");
        Assert.That(await worker.StopAsync(), Is.EqualTo(ExitCodes.Ok));
        var gap = sink.Events().Single(e => e is { Stream: "depth", Kind: "gap" });
        Assert.That(gap.From, Is.Not.Empty);
        Assert.That(gap.To, Is.Not.Empty);
        var snapshotIds = sink.Rows(StreamType.DepthSnapshot).Select(r => long.Parse(r.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        Assert.That(snapshotIds, Has.Some.GreaterThanOrEqualTo(long.Parse(gap.To, System.Globalization.CultureInfo.InvariantCulture)),
            "a snapshot taken after the gap");
        Assert.That(snapshotIds, Has.Count.GreaterThanOrEqualTo(2), "one snapshot at start, one after the gap");
    }

    [Test]
    public async Task UnknownSymbol_IsRejected_WithAnEventsRowAndExitCode10()
    {
        await using var world = await StartAsync();
        var worker = world.StartWorker(world.Config(symbol: "NOSUCHUSDT"), symbol: "NOSUCHUSDT");

        var code = await worker.Run.WaitAsync(Deadline);
        await worker.StopAsync();

        Assert.That(code, Is.EqualTo(ExitCodes.SymbolRejected));
        Assert.That(worker.Sink.Events().Single().Kind, Is.EqualTo("rejected"));
        Assert.That(worker.LastStatus!.State, Is.EqualTo("rejected"));
        Assert.That(worker.LastStatus.Detail, Does.Contain("NOSUCHUSDT"));
    }

    [Test]
    public async Task StreamOnTheWrongRoute_IsReported_NotSilentlyEmpty()
    {
        await using var world = await StartAsync();
        var config = world.Config(network: "silence_timeout: 1s", streams: "[aggtrade]");
        // aggTrade belongs on /market; sending it to /public gets an acknowledgement and then silence.
        config = config with { Network = config.Network with { MarketWsUrl = config.Network.PublicWsUrl } };
        var worker = world.StartWorker(config);

        await WaitForAsync(() => worker.Sink.Events().Any(e => e is { Stream: "aggtrade", Kind: "disconnect" } && e.Detail.Contains("silent", StringComparison.Ordinal)),
            Deadline, "a disconnect row naming the silent stream");
        Assert.That(await worker.StopAsync(), Is.EqualTo(ExitCodes.Ok));
        Assert.That(worker.Sink.Rows(StreamType.AggTrade), Is.Empty);
    }

    [Test]
    public async Task MalformedFrame_IsCountedAndSkipped_AndTheConnectionCarriesOn()
    {
        await using var world = await StartAsync();
        var worker = world.StartWorker(world.Config());
        var sink = worker.Sink;
        await WaitForAsync(() => sink.Rows(StreamType.AggTrade).Count > 5, Deadline, "first trades");

        world.Exchange.SendMalformedFrame("market");
        await WaitForAsync(() => worker.Worker.Status.Malformed > 0, Deadline, "malformed counted");
        var count = sink.Rows(StreamType.AggTrade).Count;
        await WaitForAsync(() => sink.Rows(StreamType.AggTrade).Count > count + 10, Deadline, "trades continue");

        Assert.That(await worker.StopAsync(), Is.EqualTo(ExitCodes.Ok));
        Assert.That(worker.Worker.Status.Reconnects, Is.Zero);
        Assert.That(worker.LastStatus!.Counters["malformed"], Is.EqualTo(1));
    }

    [Test]
    public async Task RestartedWorker_ResumesAfterTheFiles_WithoutAHole()
    {
        await using var world = await StartAsync();
        var config = world.Config(streams: "[aggtrade]");
        var first = world.StartWorker(config);
        await WaitForAsync(() => first.Sink.Rows(StreamType.AggTrade).Count > 20, Deadline, "first run's trades");
        Assert.That(await first.StopAsync(), Is.EqualTo(ExitCodes.Ok));
        first.Sink.WriteFiles(config.Storage.DataDir, "BTCUSDT");
        var lastWritten = first.Sink.FirstColumn(StreamType.AggTrade).Max();
        await WaitForAsync(() => world.TruthIds("BTCUSDT", "aggTrade.jsonl", "a").Max() > lastWritten + 20, Deadline, "trades while the worker is down");

        var second = world.StartWorker(config);
        await WaitForAsync(() => second.Sink.Events().Any(e => e.Kind == "backfill") && second.Sink.Rows(StreamType.AggTrade).Count > 40, Deadline, "resumed");
        Assert.That(await second.StopAsync(), Is.EqualTo(ExitCodes.Ok));

        var ids = second.Sink.FirstColumn(StreamType.AggTrade);
        Assert.That(ids[0], Is.EqualTo(lastWritten + 1), "the second run starts right after the files");
        var backfill = second.Sink.Events().First(e => e.Kind == "backfill");
        Assert.That(Parse(backfill.From), Is.EqualTo(lastWritten + 1));
        Assert.That(ids, Is.EqualTo(Enumerable.Range(0, ids.Count).Select(i => ids[0] + i)), "consecutive");
    }

    /// <summary>Recorded aggTrade ids are consecutive, unique, in order, and equal to the truth over their span.</summary>
    private static void AssertGaplessAgainstTruth(SimulatedWorld world, MemorySink sink)
    {
        var ids = sink.FirstColumn(StreamType.AggTrade);
        Assert.That(ids, Has.Count.GreaterThan(20));
        Assert.That(ids, Is.Unique, "no duplicate aggTrade rows");
        var expected = Enumerable.Range(0, ids.Count).Select(i => ids[0] + i).ToList();
        Assert.That(ids, Is.EqualTo(expected), "aggTrade ids are consecutive and in order");
        var truth = world.TruthIds("BTCUSDT", "aggTrade.jsonl", "a").Where(a => a >= ids[0] && a <= ids[^1]).ToList();
        Assert.That(truth, Is.EqualTo(ids), "exactly the trades the exchange made over that span");
        Assert.That(sink.Events().Where(e => e.Stream == "aggtrade" && e.Kind == "gap"), Is.Empty, "nothing unrecoverable");
    }
}

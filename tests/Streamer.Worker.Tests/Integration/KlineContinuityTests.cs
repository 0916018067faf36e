using System.Text.Json;
using Streamer.Core;
using Streamer.Core.Streams;
using static Streamer.Worker.Tests.Integration.SimulatedWorld;

namespace Streamer.Worker.Tests.Integration;

/// <summary>Closed candles missed while disconnected are fetched over REST, in order, once.</summary>
[NonParallelizable]
public sealed class KlineContinuityTests
{
    [Test]
    public async Task CandlesMissedWhileDisconnected_AreBackfilled_InOrderAndOnce()
    {
        // One exchange minute per real second: candles close every second.
        await using var world = await StartAsync(o => o with { ClockSpeed = 60, DefaultEventsPerSecond = 2 });
        var worker = world.StartWorker(world.Config(streams: "[kline_1m]"));
        var sink = worker.Sink;
        await WaitForAsync(() => sink.Rows(StreamType.Kline1m).Count >= 2, TimeSpan.FromSeconds(20), "first closed candles");

        for (var i = 0; i < 2; i++)
        {
            // First a stall (candles lost on a live connection: an id jump), then a dropped connection.
            if (i == 0)
            {
                world.Exchange.StallConnections(TimeSpan.FromSeconds(3), "market");
            }
            else
            {
                world.Exchange.DropConnections("market");
            }

            var count = sink.Rows(StreamType.Kline1m).Count;
            await WaitForAsync(() => sink.Rows(StreamType.Kline1m).Count >= count + 4, TimeSpan.FromSeconds(20), "candles after reconnect " + (i + 1));
        }

        Assert.That(await worker.StopAsync(), Is.EqualTo(ExitCodes.Ok));
        Assert.That(worker.LastStatus!.Counters["backfilled_klines"], Is.GreaterThan(0), "candles lost in the stall came from REST");
        var opens = sink.FirstColumn(StreamType.Kline1m);
        Assert.That(opens, Is.EqualTo(Enumerable.Range(0, opens.Count).Select(i => opens[0] + (i * 60_000L))), "one row per minute, in order");
        Assert.That(sink.Rows(StreamType.Kline1m), Has.All.Contains(",true,"), "closed candles only");
        world.Exchange.FlushTruth();
        var truth = File.ReadLines(Path.Combine(world.TruthDir, "BTCUSDT", "kline_1m.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("k").GetProperty("t").GetInt64())
            .Where(t => t >= opens[0] && t <= opens[^1]).ToList();
        Assert.That(opens, Is.EqualTo(truth));
    }
}

using System.Buffers;
using System.IO.Pipes;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Streamer.Core;
using Streamer.Core.Csv;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;
using Streamer.OrderBook.Csv;
using Streamer.OrderBook.Server;
using Streamer.OrderBook.Sync;
using Streamer.Pipes.Clients;
using Streamer.Pipes.Framing;
using static Streamer.OrderBook.Tests.Levels;

namespace Streamer.OrderBook.Tests;

/// <summary>The order book process with feeds of other markets: books, status keys and writer links by key; each market's rule.</summary>
public class MarketFeedTests
{
    private const string SpotKey = "binance-spot/BTCUSDT";

    [Test]
    public async Task SpotFeed_SyncsItsOwnBook_WritesToTheSpotLink_AndResyncsOnAGap()
    {
        await using var role = RoleHarness.Create(depth: 2).Start();
        await using var usdm = new OrderBookFeedClient(role.Pipe, "BTCUSDT", NullLogger.Instance);
        await using var spot = new OrderBookFeedClient(role.Pipe, ExchangeIds.BinanceSpot, "BTCUSDT", NullLogger.Instance);
        var requests = 0;
        spot.SnapshotRequested += () => Interlocked.Increment(ref requests);
        await usdm.StartAsync(CancellationToken.None);
        await spot.StartAsync(CancellationToken.None);
        await Eventually.Until(() => role.Info(SpotKey + ".feed") == "connected" && role.Info("BTCUSDT.feed") == "connected", "both feeds connect");
        Assert.That(role.Writer.Links, Does.Contain((ExchangeIds.BinanceSpot, "BTCUSDT")), "the spot book has its own writer link, named by exchange and bare symbol");

        // Spot: the snapshot has no E/T, diffs have no T/pu; 101..105 is not newer than L=105, 106..110 straddles L+1.
        await Send(spot, Update(101, 105, 0, bids: [("99.0", "1")]), ExchangeIds.BinanceSpot);
        await Send(spot, Snapshot(105, [("100.0", "1")], [("101.0", "2")], eventTime: 0), ExchangeIds.BinanceSpot);
        await Send(spot, Update(106, 110, 0, bids: [("100.0", "2.5")], eventTime: 1_700_000_000_100), ExchangeIds.BinanceSpot);
        await Send(spot, Update(111, 111, 0, asks: [("102.0", "4")], eventTime: 1_700_000_000_200), ExchangeIds.BinanceSpot);
        await Eventually.Until(() => role.Info(SpotKey + ".synced") == "true", "the spot book syncs by U = previous u + 1");
        Assert.That(role.Info("BTCUSDT.synced"), Is.EqualTo("false"), "the USD-M BTCUSDT book is another book");

        await Eventually.Until(() => role.Writer.Rows(SpotKey, StreamType.OrderBook).Count > 0, "an orderbook row on the spot link");
        var row = role.Writer.Rows(SpotKey, StreamType.OrderBook)[0];
        Assert.That(row[1..], Is.EqualTo(new[] { "111", "1700000000200", "100.0", "2.5", "101.0", "2", "", "", "102.0", "4" }),
            "event_time is the E of the diff applied last (a spot snapshot has none)");
        Assert.That(role.Writer.Rows("BTCUSDT", StreamType.OrderBook), Is.Empty);

        await Send(spot, Update(113, 115, 0, eventTime: 1_700_000_000_300), ExchangeIds.BinanceSpot);
        await Eventually.Until(() => role.Writer.Rows(SpotKey, StreamType.Events).Count == 1, "an events row for the spot gap");
        await Eventually.Until(() => Volatile.Read(ref requests) == 2, "the order book asks the spot worker for a new snapshot");
        var resync = role.Writer.Rows(SpotKey, StreamType.Events)[0];
        Assert.That(resync[1..5], Is.EqualTo(new[] { "orderbook", "resync", "111", "113" }));
        Assert.That(resync[5], Is.EqualTo("depth gap: U 113 != previous u 111 + 1; rebuilding from a new snapshot"));
        await Eventually.Until(() => role.Info(SpotKey + ".synced") == "false" && role.Info(SpotKey + ".resyncs") == "1", "the status shows the spot book unsynced");

        Assert.That(await role.StopAsync(), Is.EqualTo(ExitCodes.Ok));
        Assert.That(role.Writer.Drains.GetValueOrDefault(SpotKey), Is.EqualTo(1));
    }

    [Test]
    public async Task CoinMFeed_WithAnUnderscoreInTheSymbol_SyncsByThePuChain()
    {
        const string key = "binance-cm/BTCUSD_PERP";
        await using var role = RoleHarness.Create().Start();
        await using var feed = new OrderBookFeedClient(role.Pipe, ExchangeIds.BinanceCoinM, "BTCUSD_PERP", NullLogger.Instance);
        await feed.StartAsync(CancellationToken.None);
        await Eventually.Until(() => role.Info(key + ".feed") == "connected", "the COIN-M feed is accepted");

        await Send(feed, Snapshot(5, [("10", "1")], [("11", "1")]), ExchangeIds.BinanceCoinM);
        await Send(feed, Update(4, 6, 3), ExchangeIds.BinanceCoinM);
        await Send(feed, Update(20, 25, 6), ExchangeIds.BinanceCoinM);
        await Eventually.Until(() => role.Counter("depth_events") == 2 && role.Info(key + ".synced") == "true", "synced; an id jump with pu = previous u is no gap");
        Assert.That(role.Counter("resyncs"), Is.Zero);

        await Send(feed, Update(26, 30, 24), ExchangeIds.BinanceCoinM);
        await Eventually.Until(() => role.Writer.Rows(key, StreamType.Events).Count == 1, "U = previous u + 1 with a wrong pu is a gap");
        Assert.That(role.Writer.Rows(key, StreamType.Events)[0][1..5], Is.EqualTo(new[] { "orderbook", "resync", "25", "24" }));
        Assert.That(role.Writer.Links, Does.Contain((ExchangeIds.BinanceCoinM, "BTCUSD_PERP")));
    }

    [Test]
    public async Task HelloWithoutAnExchange_IsUsdM_AndAnUnknownExchangeIsRejected()
    {
        await using var role = RoleHarness.Create().Start();
        await Eventually.Until(() => role.Latest is not null, "the role is up");

        await using (var old = await ConnectRawAsync(role.Pipe))
        {
            await old.WriteAsync(HelloFrame("protocol=" + FrameCodec.ProtocolVersion + "\nrole=worker\nsource=obfeed:SOLUSDT\nsymbol=SOLUSDT\n"));
            Assert.That(await ReadKindAsync(old), Is.EqualTo(FrameKind.HelloAck));
            await Eventually.Until(() => role.Info("SOLUSDT.feed") == "connected", "an old worker's Hello is the default exchange's");
        }

        await using var bad = await ConnectRawAsync(role.Pipe);
        await bad.WriteAsync(HelloFrame("protocol=" + FrameCodec.ProtocolVersion + "\nrole=worker\nsource=obfeed:x\nsymbol=BTCUSDT\nexchange=kraken\n"));
        Assert.That(await ReadKindAsync(bad), Is.EqualTo(FrameKind.Reject));
        Assert.That(role.Latest!.Info.Keys.Where(k => k.Contains("kraken", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Hellos_CarryTheExchange_AndTheKey()
    {
        var feed = new OrderBookFeedClient("stmr-none-ob", ExchangeIds.BinanceSpot, "BTCUSDT", NullLogger.Instance);
        Assert.That((feed.Hello.Role, feed.Hello.Source, feed.Hello.Symbol, feed.Hello.Exchange),
            Is.EqualTo(("worker", "obfeed:binance-spot/BTCUSDT", "BTCUSDT", ExchangeIds.BinanceSpot)));
        var usdm = new OrderBookFeedClient("stmr-none-ob", "BTCUSDT", NullLogger.Instance);
        Assert.That((usdm.Hello.Source, usdm.Hello.Exchange), Is.EqualTo(("obfeed:BTCUSDT", ExchangeIds.BinanceUsdM)), "USD-M is what it was");
        Assert.Throws<ArgumentException>(() => _ = new OrderBookFeedClient("stmr-none-ob", "kraken", "BTCUSDT", NullLogger.Instance));

        var writer = WriterSinks.HelloFor(ExchangeIds.BinanceCoinM, "BTCUSD_PERP");
        Assert.That((writer.Role, writer.Source, writer.Symbol, writer.Exchange),
            Is.EqualTo(("orderbook", "orderbook:binance-cm/BTCUSD_PERP", "BTCUSD_PERP", ExchangeIds.BinanceCoinM)));
        Assert.That(WriterSinks.HelloFor(ExchangeIds.BinanceUsdM, "BTCUSDT").Source, Is.EqualTo("orderbook:BTCUSDT"));
    }

    private static async Task Send(OrderBookFeedClient feed, DepthUpdate update, string exchange)
    {
        var rows = new CsvRowBuilder();
        DepthCsvEncoder.WriteUpdate(rows, update, exchange);
        var sentBefore = feed.FramesSent;
        await feed.WriteAsync(StreamType.Depth, update.EventTimeMs, rows.WrittenMemory, CancellationToken.None);
        await Eventually.Until(() => feed.FramesSent > sentBefore, "the feed sends the depth frame");
    }

    private static async Task Send(OrderBookFeedClient feed, BookSnapshot snapshot, string exchange)
    {
        var rows = new CsvRowBuilder();
        DepthCsvEncoder.WriteSnapshot(rows, snapshot, exchange);
        var sentBefore = feed.FramesSent;
        await feed.WriteAsync(StreamType.DepthSnapshot, snapshot.EventTimeMs, rows.WrittenMemory, CancellationToken.None);
        await Eventually.Until(() => feed.FramesSent > sentBefore, "the feed sends the snapshot frame");
    }

    private static async Task<NamedPipeClientStream> ConnectRawAsync(string pipe)
    {
        var client = new NamedPipeClientStream(".", pipe, PipeDirection.InOut, PipeOptions.CurrentUserOnly | PipeOptions.Asynchronous);
        await client.ConnectAsync(5000);
        return client;
    }

    private static ReadOnlyMemory<byte> HelloFrame(string text)
    {
        var frame = new ArrayBufferWriter<byte>();
        FrameCodec.Write(frame, FrameKind.Hello, StreamType.None, 0, 0, Encoding.UTF8.GetBytes(text));
        return frame.WrittenMemory;
    }

    private static async Task<FrameKind> ReadKindAsync(Stream stream)
    {
        var buffer = new byte[FrameCodec.HeaderSize];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return FrameCodec.ParseHeader(buffer).Kind;
    }
}

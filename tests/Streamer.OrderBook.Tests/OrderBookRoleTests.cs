using System.Buffers;
using System.IO.Pipes;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Streamer.Core;
using Streamer.Core.Csv;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;
using Streamer.OrderBook.Csv;
using Streamer.Pipes.Clients;
using static Streamer.OrderBook.Tests.Levels;

namespace Streamer.OrderBook.Tests;

/// <summary>The order book process end to end over real named pipes: feed client in, fake writer out.</summary>
public class OrderBookRoleTests
{
    [Test]
    public async Task Feed_SyncsTheBook_WritesRowsOnlyWhileSynced_AndResyncsOnAGap()
    {
        await using var role = RoleHarness.Create(depth: 3).Start();
        await using var feed = new OrderBookFeedClient(role.Pipe, "BTCUSDT", NullLogger.Instance);
        var requests = 0;
        feed.SnapshotRequested += () => Interlocked.Increment(ref requests);
        await feed.StartAsync(CancellationToken.None);
        await Eventually.Until(() => Volatile.Read(ref requests) == 1 && role.Info("BTCUSDT.feed") == "connected", "the feed connects and asks for its first snapshot");

        // Live events arrive before the REST snapshot: buffered, nothing published.
        await Send(feed, Update(90, 100, 80, bids: [("99.0", "1")]));
        await Send(feed, Update(101, 110, 100, bids: [("100.0", "2.50")], asks: [("101.0", "1")]));
        await Eventually.Until(() => role.Counter("depth_events") == 2, "two buffered events");
        var statusesBefore = role.Statuses.Count;
        await Eventually.Until(() => role.Statuses.Count >= statusesBefore + 3, "a few publish intervals pass");
        Assert.That(role.Writer.Rows("BTCUSDT", StreamType.OrderBook), Is.Empty, "a book waiting for its snapshot writes no rows");
        Assert.That(role.Info("BTCUSDT.synced"), Is.EqualTo("false"));

        await Send(feed, Snapshot(105, [("100.0", "1"), ("98.5", "3")], [("101.0", "2"), ("102.0", "4")]));
        await Eventually.Until(() => role.Info("BTCUSDT.synced") == "true", "the snapshot connects to the buffered events");
        Assert.That((role.Info("BTCUSDT.best_bid"), role.Info("BTCUSDT.best_ask"), role.Info("BTCUSDT.spread")), Is.EqualTo(("100.0", "101.0", "1.0")));

        await Eventually.Until(() => role.Writer.Rows("BTCUSDT", StreamType.OrderBook).Count > 0, "an orderbook row");
        var row = role.Writer.Rows("BTCUSDT", StreamType.OrderBook)[0];
        Assert.That(row, Has.Length.EqualTo(StreamCatalog.OrderBookHeader(3).Split(',').Length));
        Assert.That(row[1..], Is.EqualTo(new[] { "110", "1700000000000", "100.0", "2.50", "101.0", "1", "98.5", "3", "102.0", "4", "", "", "", "" }));

        // The next event does not continue the chain: resync, events row, snapshot request, no more rows.
        await Send(feed, Update(120, 130, 115, bids: [("100.0", "9")]));
        await Eventually.Until(() => role.Writer.Rows("BTCUSDT", StreamType.Events).Count == 1, "an events row for the resync");
        await Eventually.Until(() => Volatile.Read(ref requests) == 2, "the order book asks the worker for a new snapshot");
        var resync = role.Writer.Rows("BTCUSDT", StreamType.Events)[0];
        Assert.That(resync[1..5], Is.EqualTo(new[] { "orderbook", "resync", "110", "115" }));
        Assert.That(resync[5], Does.Contain("depth gap"));
        await Eventually.Until(() => role.Info("BTCUSDT.synced") == "false" && role.Counter("resyncs") == 1, "the status shows the book unsynced");
        var rowsAtBreak = role.Writer.Rows("BTCUSDT", StreamType.OrderBook).Count;
        statusesBefore = role.Statuses.Count;
        await Eventually.Until(() => role.Statuses.Count >= statusesBefore + 3, "a few publish intervals pass");
        Assert.That(role.Writer.Rows("BTCUSDT", StreamType.OrderBook), Has.Count.EqualTo(rowsAtBreak), "no rows from an unsynced book");
        Assert.That(role.Writer.Rows("BTCUSDT", StreamType.OrderBook).Select(r => r[1]), Is.All.EqualTo("110"));

        await Send(feed, Snapshot(125, [("100.0", "9")], [("101.0", "2")]));
        await Eventually.Until(() => role.Writer.Rows("BTCUSDT", StreamType.OrderBook).Any(r => r[1] == "130"), "rows resume from the new book");

        Assert.That(await role.StopAsync(), Is.EqualTo(ExitCodes.Ok));
        Assert.That(role.Writer.Drains.GetValueOrDefault("BTCUSDT"), Is.EqualTo(1), "a graceful stop drains the writer");
    }

    [Test]
    public async Task MalformedRows_AreCountedAndSkipped_AndTheConnectionStays()
    {
        await using var role = RoleHarness.Create().Start();
        await using var feed = new OrderBookFeedClient(role.Pipe, "ETHUSDT", NullLogger.Instance);
        await feed.StartAsync(CancellationToken.None);
        await Eventually.Until(() => feed.IsConnected, "the feed connects");

        await feed.WriteAsync(StreamType.Depth, 1, "1,2,3,4,5,sideways,1.0,1.0,9\n"u8.ToArray(), CancellationToken.None);
        await Send(feed, Snapshot(5, [("10", "1")], [("11", "1")]));
        await Send(feed, Update(4, 6, 3, bids: [("10", "2")]));

        await Eventually.Until(() => role.Info("ETHUSDT.synced") == "true", "the book syncs after the bad frame");
        Assert.That(role.Counter("malformed"), Is.EqualTo(1));
        Assert.That(feed.Connects, Is.EqualTo(1));
    }

    [Test]
    public async Task MalformedFrame_ClosesOnlyThatConnection()
    {
        await using var role = RoleHarness.Create().Start();
        await using var feed = new OrderBookFeedClient(role.Pipe, "BTCUSDT", NullLogger.Instance);
        await feed.StartAsync(CancellationToken.None);
        await Eventually.Until(() => feed.IsConnected, "a good feed connects");

        await using (var raw = await ConnectRawAsync(role.Pipe))
        {
            await raw.WriteAsync(HelloFrame("ETHUSDT"));
            var garbage = new byte[FrameCodec.HeaderSize];
            garbage[0] = 0xFF;
            garbage[1] = 0xFF;
            garbage[2] = 0xFF;
            garbage[3] = 0x7F; // length far above the maximum
            await raw.WriteAsync(garbage);
            Assert.That(await ReadUntilClosedAsync(raw), Is.EqualTo(FrameKind.HelloAck), "HelloAck, then the server hangs up");
        }

        await Send(feed, Snapshot(5, [("10", "1")], [("11", "1")]));
        await Send(feed, Update(4, 6, 3));
        await Eventually.Until(() => role.Info("BTCUSDT.synced") == "true", "the other feed is unaffected");
        Assert.That(role.Run!.IsCompleted, Is.False);
    }

    [Test]
    public async Task WrongProtocolVersion_IsRejectedWithAReason()
    {
        await using var role = RoleHarness.Create().Start();
        await Eventually.Until(() => role.Latest is not null, "the role is up");
        await using var raw = await ConnectRawAsync(role.Pipe);
        var hello = new Hello(FrameCodec.ProtocolVersion + 1, "worker", "obfeed:BTCUSDT", "BTCUSDT").Encode();
        var frame = new ArrayBufferWriter<byte>();
        FrameCodec.Write(frame, FrameKind.Hello, StreamType.None, 0, 0, hello);
        await raw.WriteAsync(frame.WrittenMemory);

        var buffer = new byte[4096];
        var n = await ReadAtLeastAsync(raw, buffer, FrameCodec.HeaderSize);
        var header = FrameCodec.ParseHeader(buffer);
        Assert.That(header.Kind, Is.EqualTo(FrameKind.Reject));
        n += await ReadAtLeastAsync(raw, buffer.AsMemory(n), FrameCodec.HeaderSize + header.PayloadLength - n);
        Assert.That(Encoding.UTF8.GetString(buffer, FrameCodec.HeaderSize, header.PayloadLength), Does.Contain("protocol 2 is not supported"));
    }

    [Test]
    public async Task NewFeedForTheSameSymbol_TakesOver_AndTheBookStartsOver()
    {
        await using var role = RoleHarness.Create().Start();
        await using var first = new OrderBookFeedClient(role.Pipe, "BTCUSDT", NullLogger.Instance);
        await first.StartAsync(CancellationToken.None);
        await Eventually.Until(() => first.IsConnected, "the first feed connects");
        await Send(first, Snapshot(5, [("10", "1")], [("11", "1")]));
        await Send(first, Update(4, 6, 3));
        await Eventually.Until(() => role.Info("BTCUSDT.synced") == "true", "synced through the first feed");

        // A restarted worker connects while the old connection still looks alive.
        await using var second = new OrderBookFeedClient(role.Pipe, "BTCUSDT", NullLogger.Instance);
        await second.StartAsync(CancellationToken.None);
        await Eventually.Until(() => second.IsConnected, "the second feed connects");
        await Eventually.Until(() => role.Info("BTCUSDT.synced") == "false", "the book waits for the new feed's snapshot");
        await Send(second, Snapshot(50, [("10", "5")], [("11", "1")]));
        await Send(second, Update(49, 51, 48));
        await Eventually.Until(() => role.Info("BTCUSDT.synced") == "true", "synced through the second feed");
        Assert.That(role.Counter("resyncs"), Is.Zero, "a new feed is a new start, not a lost sync");
    }

    private static async Task Send(OrderBookFeedClient feed, Sync.DepthUpdate update)
    {
        var rows = new CsvRowBuilder();
        DepthCsvEncoder.WriteUpdate(rows, update);
        var sentBefore = feed.FramesSent;
        await feed.WriteAsync(StreamType.Depth, update.EventTimeMs, rows.WrittenMemory, CancellationToken.None);
        await Eventually.Until(() => feed.FramesSent > sentBefore, "the feed sends the depth frame");
    }

    private static async Task Send(OrderBookFeedClient feed, Sync.BookSnapshot snapshot)
    {
        var rows = new CsvRowBuilder();
        DepthCsvEncoder.WriteSnapshot(rows, snapshot);
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

    private static ReadOnlyMemory<byte> HelloFrame(string symbol)
    {
        var frame = new ArrayBufferWriter<byte>();
        FrameCodec.Write(frame, FrameKind.Hello, StreamType.None, 0, 0, new Hello(FrameCodec.ProtocolVersion, "worker", "obfeed:" + symbol, symbol).Encode());
        return frame.WrittenMemory;
    }

    /// <summary>Reads until the server closes; returns the kind of the first frame received.</summary>
    private static async Task<FrameKind?> ReadUntilClosedAsync(Stream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int n;
        while ((n = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, n);
        }

        return received.Length >= FrameCodec.HeaderSize ? FrameCodec.ParseHeader(received.ToArray()).Kind : null;
    }

    private static async Task<int> ReadAtLeastAsync(Stream stream, Memory<byte> buffer, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await stream.ReadAtLeastAsync(buffer, count, throwOnEndOfStream: true, timeout.Token);
    }
}

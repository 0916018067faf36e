using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Streamer.Core;
using Streamer.Core.Streams;
using Streamer.Pipes.Clients;

namespace Streamer.OrderBook.Tests;

public class OrderBookFeedClientTests
{
    [Test]
    public async Task WithoutAnOrderBook_WritesAreDroppedAtOnce_AndItConnectsWhenOneStarts()
    {
        var runId = RoleHarness.NewRunId();
        await using var feed = new OrderBookFeedClient(Pipes.PipeNames.OrderBook(runId), "BTCUSDT", NullLogger.Instance)
        {
            MinReconnectDelay = TimeSpan.FromMilliseconds(20),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(100),
        };
        var requests = 0;
        feed.SnapshotRequested += () => Interlocked.Increment(ref requests);
        await feed.StartAsync(CancellationToken.None);

        var write = feed.WriteAsync(StreamType.Depth, 1, "1,1,1,1,0,,,,1\n"u8.ToArray(), CancellationToken.None);
        Assert.That(write.IsCompletedSuccessfully, Is.True, "never waits for the order book");
        Assert.That(feed.FramesDropped, Is.EqualTo(1));
        Assert.That(feed.IsConnected, Is.False);
        var drain = feed.DrainAsync(CancellationToken.None);
        Assert.That(await Task.WhenAny(drain, Task.Delay(TimeSpan.FromSeconds(5))), Is.SameAs(drain), "DrainAsync returns quickly");

        await using (var role = RoleHarness.Create(runId: runId).Start())
        {
            await Eventually.Until(() => feed.IsConnected && Volatile.Read(ref requests) == 1, "connects and asks for a snapshot");
            Assert.That(await role.StopAsync(), Is.EqualTo(ExitCodes.Ok));
        }

        await Eventually.Until(() => !feed.IsConnected, "notices the order book is gone");

        await using (var role = RoleHarness.Create(runId: runId).Start())
        {
            await Eventually.Until(() => feed.IsConnected && Volatile.Read(ref requests) == 2, "reconnects and asks for a snapshot again");
        }

        Assert.That(feed.Connects, Is.EqualTo(2));
    }

    [Test]
    public async Task OtherStreams_AreNotForwarded()
    {
        await using var feed = new OrderBookFeedClient("stmr-none-ob", "BTCUSDT", NullLogger.Instance);
        await feed.WriteAsync(StreamType.AggTrade, 1, "1,2,3\n"u8.ToArray(), CancellationToken.None);
        Assert.That(feed.FramesDropped, Is.Zero, "an aggtrade frame is not the order book's business, not a drop");
    }

    [Test]
    public async Task StartingTwice_IsAnError()
    {
        await using var feed = new OrderBookFeedClient("stmr-none-ob", "BTCUSDT", NullLogger.Instance);
        await feed.StartAsync(CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => feed.StartAsync(CancellationToken.None));
    }
}

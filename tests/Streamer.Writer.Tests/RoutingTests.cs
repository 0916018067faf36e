using Streamer.Core.Streams;
using Streamer.Writer.Tests.Support;
using static Streamer.Writer.Tests.Support.Rows;

namespace Streamer.Writer.Tests;

/// <summary>Rows go to {SYMBOL}/{stream}_{SYMBOL}_{day}.csv by their exchange time, with one header.</summary>
public class RoutingTests
{
    [Test]
    public async Task RowsGoToTheFileOfTheirExchangeDay_IncludingALateRowForYesterday()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        var client = h.Client();
        await client.StartAsync(CancellationToken.None);
        var day2 = Day1.AddDays(1);
        await client.WriteAsync(StreamType.AggTrade, Ms(Day1.AddHours(23)), Bytes(AggTrade(1, Ms(Day1.AddHours(23)))), default);
        await client.WriteAsync(StreamType.AggTrade, Ms(day2.AddSeconds(1)), Bytes(AggTrade(2, Ms(day2.AddSeconds(1))) + AggTrade(3, Ms(day2.AddSeconds(2)))), default);
        await client.DrainAsync(CancellationToken.None);
        // Today's file exists; a late row for yesterday must still reach yesterday's file.
        await client.WriteAsync(StreamType.AggTrade, Ms(day2.AddMilliseconds(-1)), Bytes(AggTrade(4, Ms(day2.AddMilliseconds(-1)))), default);
        await client.DrainAsync(CancellationToken.None);

        var file1 = DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1);
        var file2 = DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, day2);
        Assert.That(Ids(file1), Is.EqualTo(new long[] { 1, 4 }));
        Assert.That(Ids(file2), Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(File.ReadLines(file1).First(), Is.EqualTo(StreamCatalog.AggTrade.Header));
        Assert.That(File.ReadLines(file2).First(), Is.EqualTo(StreamCatalog.AggTrade.Header));
    }

    [Test]
    public async Task HeaderIsWrittenOnlyWhenTheFileIsNew_AndARestartedWriterAppends()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        var client = h.Client();
        await client.StartAsync(CancellationToken.None);
        await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(1, Ms(Day1))), default);
        await client.DrainAsync(CancellationToken.None);
        Assert.That(await h.StopAsync(), Is.EqualTo(0));

        await h.StartAsync();
        await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(2, Ms(Day1))), default);
        await client.DrainAsync(CancellationToken.None);

        var lines = File.ReadAllLines(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1));
        Assert.That(lines.Count(l => l == StreamCatalog.AggTrade.Header), Is.EqualTo(1));
        Assert.That(lines[0], Is.EqualTo(StreamCatalog.AggTrade.Header));
        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task EachStreamAndSymbolHasItsOwnFile_OrderBookHeaderFollowsConfiguredDepth()
    {
        await using var h = new WriterHarness(o => o with { OrderBookDepth = 2 });
        await h.StartAsync();
        var btc = h.Client("BTCUSDT");
        var eth = h.Client("ETHUSDT");
        await btc.StartAsync(CancellationToken.None);
        await eth.StartAsync(CancellationToken.None);
        await btc.WriteAsync(StreamType.BookTicker, Ms(Day1), Bytes("1,2,3,4,5,6,7,8\n"), default);
        await eth.WriteAsync(StreamType.OrderBook, Ms(Day1), Bytes("1,2,3,a,b,c,d,e,f,g,h\n"), default);
        await btc.DrainAsync(CancellationToken.None);
        await eth.DrainAsync(CancellationToken.None);

        Assert.That(File.ReadAllText(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.BookTicker, Day1)),
            Is.EqualTo(Header(StreamCatalog.BookTicker) + "1,2,3,4,5,6,7,8\n"));
        Assert.That(File.ReadAllText(DayFile(h.DataDir, "ETHUSDT", StreamCatalog.OrderBook, Day1)),
            Is.EqualTo(StreamCatalog.OrderBookHeader(2) + "\n1,2,3,a,b,c,d,e,f,g,h\n"));
    }
}

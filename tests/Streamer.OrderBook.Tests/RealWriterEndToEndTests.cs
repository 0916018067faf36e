using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Core.Csv;
using Streamer.Pipes;
using Streamer.Core.Streams;
using Streamer.OrderBook.Csv;
using Streamer.Pipes.Clients;
using Streamer.OrderBook.Server;
using Streamer.Writer;
using static Streamer.OrderBook.Tests.Levels;

namespace Streamer.OrderBook.Tests;

/// <summary>Feed client → order book role → real WriterClient → real writer role → CSV files.</summary>
public class RealWriterEndToEndTests
{
    [Test]
    public async Task OrderBookRowsAndResyncEvents_LandInTheSymbolsFiles()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "stmr-obt-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dataDir);
        var runId = RoleHarness.NewRunId();
        var config = ConfigLoader.Load(Path.Combine(RepoRoot.Path, "config.yaml"), checkDataDir: false);
        config = config with
        {
            OrderBook = new OrderBookConfig(true, 2, TimeSpan.FromMilliseconds(50)),
            Storage = config.Storage with { DataDir = dataDir, FlushInterval = TimeSpan.FromMilliseconds(20) },
        };
        using var stopWriter = new CancellationTokenSource();
        using var stopBook = new CancellationTokenSource();
        var loggers = NullLoggerFactory.Instance;
        var writer = Task.Run(() => WriterRole.RunAsync(config, runId, loggers, stopWriter.Token));
        var host = new OrderBookHost { Sinks = WriterSinks.Create(config, runId, loggers), PublishStatus = _ => { } };
        var book = Task.Run(() => OrderBookRole.RunAsync(config, runId, loggers, host, stopBook.Token));
        try
        {
            await using var feed = new OrderBookFeedClient(PipeNames.OrderBook(runId), "BTCUSDT", NullLogger.Instance);
            await feed.StartAsync(CancellationToken.None);
            await Eventually.Until(() => feed.IsConnected, "the feed connects");

            await Send(feed, StreamType.DepthSnapshot, rows => DepthCsvEncoder.WriteSnapshot(rows, Snapshot(5, [("100.10", "1.000")], [("100.20", "0.5")])));
            await Send(feed, StreamType.Depth, rows => DepthCsvEncoder.WriteUpdate(rows, Update(4, 6, 3, bids: [("100.00", "2")])));
            var orderbookFile = Path.Combine(dataDir, "BTCUSDT", StreamCatalog.FileName(StreamCatalog.OrderBook, "BTCUSDT", StreamCatalog.UtcDay(1_700_000_000_000)));
            await Eventually.Until(() => Lines(orderbookFile).Length >= 2, "orderbook rows in " + orderbookFile, seconds: 20);

            await Send(feed, StreamType.Depth, rows => DepthCsvEncoder.WriteUpdate(rows, Update(10, 12, 9)));
            var eventsFile = Path.Combine(dataDir, "BTCUSDT", StreamCatalog.FileName(StreamCatalog.Events, "BTCUSDT", DateOnly.FromDateTime(DateTime.UtcNow)));
            await Eventually.Until(() => Lines(eventsFile).Any(l => l.Contains(",orderbook,resync,6,9,", StringComparison.Ordinal)), "the resync row in " + eventsFile, seconds: 20);

            await stopBook.CancelAsync();
            Assert.That(await book.WaitAsync(TimeSpan.FromSeconds(15)), Is.EqualTo(ExitCodes.Ok));
            var lines = Lines(orderbookFile);
            Assert.That(lines[0], Is.EqualTo(StreamCatalog.OrderBookHeader(2)));
            Assert.That(lines[1..].Select(l => l[(l.IndexOf(',', StringComparison.Ordinal) + 1)..]).Distinct(),
                Is.EqualTo(new[] { "6,1700000000000,100.10,1.000,100.20,0.5,100.00,2,," }), "every row is the synced book at u=6");
        }
        finally
        {
            await stopBook.CancelAsync();
            await stopWriter.CancelAsync();
            await Task.WhenAll(book, writer).WaitAsync(TimeSpan.FromSeconds(30));
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static string[] Lines(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static async Task Send(OrderBookFeedClient feed, StreamType stream, Action<CsvRowBuilder> format)
    {
        var rows = new CsvRowBuilder();
        format(rows);
        var sent = feed.FramesSent;
        await feed.WriteAsync(stream, 1_700_000_000_000, rows.WrittenMemory, CancellationToken.None);
        await Eventually.Until(() => feed.FramesSent > sent, "the feed sends the frame");
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Core.Streams;
using Streamer.Writer.Tests.Support;
using static Streamer.Writer.Tests.Support.Rows;

namespace Streamer.Writer.Tests;

public class StatusAndRoleTests
{
    [Test]
    public async Task Status_ReportsStreamsAndCounters()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        var client = h.Client();
        await client.StartAsync(CancellationToken.None);
        await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(1, Ms(Day1)) + AggTrade(2, Ms(Day1))), default);
        await client.WriteAsync(StreamType.Depth, Ms(Day1) + 5, Bytes("1,2,3,4,5,bid,1.0,2.0,6\n"), default);
        await client.DrainAsync(CancellationToken.None);

        await Eventually.WaitAsync(() => h.LastStatus?.Counters["acked_sequences"] == 2, "status caught up");
        var status = h.LastStatus!;
        Assert.That(status.Role, Is.EqualTo("writer"));
        Assert.That(status.State, Is.EqualTo("writing"));
        Assert.That(status.Streams["aggtrade"], Is.EqualTo(status.Streams["aggtrade"] with { Messages = 1, Rows = 2, LastEventTimeMs = Ms(Day1) }));
        Assert.That(status.Streams["depth"].LastEventTimeMs, Is.EqualTo(Ms(Day1) + 5));
        Assert.That(status.Counters["rows_written"], Is.EqualTo(3));
        Assert.That(status.Counters["bytes_written"], Is.GreaterThan(0));
        Assert.That(status.Counters["files_open"], Is.EqualTo(2));
        Assert.That(status.Counters["connections"], Is.EqualTo(1));
        Assert.That(status.Counters["disk_errors"], Is.Zero);
    }

    [Test]
    public async Task ManyClientsAtOnce_EachRowOnceInItsSymbolsFile()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        var symbols = new[] { "AAAUSDT", "BBBUSDT", "CCCUSDT", "DDDUSDT" };
        await Task.WhenAll(symbols.Select(async symbol =>
        {
            var client = h.Client(symbol, maxBufferedBytes: 8192);
            await client.StartAsync(CancellationToken.None);
            for (var id = 1; id <= 500; id++)
            {
                await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
            }

            await client.DrainAsync(CancellationToken.None);
        }));

        foreach (var symbol in symbols)
        {
            Assert.That(Ids(DayFile(h.DataDir, symbol, StreamCatalog.AggTrade, Day1)), Is.EqualTo(Enumerable.Range(1, 500).Select(i => (long)i)), symbol);
        }
    }

    [Test]
    public async Task WriterRole_RunsFromConfig_AndStopsWithExitCodeZero()
    {
        var dir = Path.Combine(Path.GetTempPath(), "stmr-wt-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        try
        {
            var config = ConfigLoader.Parse("modes:\n  development:\n    symbols: [BTCUSDT]\nstorage:\n  data_dir: data\n  flush_interval: 10ms\n", Path.Combine(dir, "config.yaml"));
            var runId = "t" + Guid.NewGuid().ToString("N")[..8];
            using var stop = new CancellationTokenSource();
            var run = WriterRole.RunAsync(config, runId, NullLoggerFactory.Instance, stop.Token);
            var client = new global::Streamer.Pipes.Clients.WriterClient(global::Streamer.Pipes.PipeNames.Writer(runId), global::Streamer.Pipes.Framing.Hello.ForWorker("BTCUSDT"), 1 << 20,
                Path.Combine(dir, "spool"), NullLogger.Instance, TimeProvider.System);
            await client.StartAsync(CancellationToken.None);
            await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(1, Ms(Day1))), default);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await client.DrainAsync(timeout.Token);
            await client.DisposeAsync();
            await stop.CancelAsync();
            Assert.That(await run.WaitAsync(TimeSpan.FromSeconds(15)), Is.EqualTo(ExitCodes.Ok));
            Assert.That(Ids(DayFile(Path.Combine(dir, "data"), "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(new long[] { 1 }));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task SecondWriterOnTheSameDataDir_WaitsUntilTheFirstStops()
    {
        await using var first = new WriterHarness();
        await first.StartAsync();
        await using var second = new WriterHarness(o => first.Options with { PipeName = o.PipeName, PublishStatus = o.PublishStatus });
        var secondStart = second.StartAsync();
        await Eventually.WaitAsync(() => second.Log.Contains("Another writer is using"), "second writer waits");
        Assert.That(secondStart.IsCompleted, Is.False);
        Assert.That(await first.StopAsync(), Is.EqualTo(0));
        await secondStart;
    }
}

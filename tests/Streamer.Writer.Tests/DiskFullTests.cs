using Streamer.Core.Streams;
using Streamer.Core.Storage;
using Streamer.Writer.Tests.Support;
using static Streamer.Writer.Tests.Support.Rows;

namespace Streamer.Writer.Tests;

/// <summary>A disk that refuses writes: stop acknowledging, say so, hold bounded memory, resume, lose nothing.</summary>
public class DiskFullTests
{
    [Test]
    public async Task WhileTheDiskIsFull_NothingIsAcknowledged_AndEverythingIsWrittenOnceWhenSpaceReturns()
    {
        var disk = new FaultyFileSystem(PhysicalFileSystem.Instance);
        await using var h = new WriterHarness(o => o with { FileSystem = disk });
        await h.StartAsync();
        var client = h.Client();
        await client.StartAsync(CancellationToken.None);
        await WriteIdsAsync(client, 1, 100);
        await client.DrainAsync(CancellationToken.None);

        disk.DiskFull = true;
        await WriteIdsAsync(client, 101, 200);
        await Eventually.WaitAsync(() => disk.Failures >= 3, "the writer retries the full disk");
        await Eventually.WaitAsync(() => h.LastStatus?.State == "disk-full", "status says disk-full");
        Assert.That(client.LastAcknowledged, Is.EqualTo(100UL), "nothing written may be acknowledged");
        Assert.That(h.LastStatus!.Counters["disk_errors"], Is.GreaterThan(0));
        Assert.That(h.Log.Contains("No space left on device"), Is.True, "logged loudly with the reason");

        disk.DiskFull = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.DrainAsync(timeout.Token);
        await Eventually.WaitAsync(() => h.LastStatus?.State == "writing", "status back to writing");
        var file = DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1);
        Assert.That(Ids(file), Is.EqualTo(Enumerable.Range(1, 200).Select(i => (long)i)), "half-written retries left no torn or doubled row");
    }

    [Test]
    public async Task WhileTheDiskIsFull_WriterMemoryIsBounded_AndTheClientKeepsTheRest()
    {
        var disk = new FaultyFileSystem(PhysicalFileSystem.Instance) { DiskFull = false };
        const long limit = 32 * 1024;
        await using var h = new WriterHarness(o => o with { FileSystem = disk, MaxBufferedBytes = limit });
        await h.StartAsync();
        var client = h.Client(maxBufferedBytes: 8 << 20);
        await client.StartAsync(CancellationToken.None);
        await WriteIdsAsync(client, 1, 1);
        await client.DrainAsync(CancellationToken.None);

        disk.DiskFull = true;
        var row = AggTrade(1, Ms(Day1));
        var perFrame = string.Concat(Enumerable.Repeat(row, 20)).Length;
        for (var i = 0; i < 200; i++)
        {
            await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(string.Concat(Enumerable.Range(0, 20).Select(k => AggTrade(2 + (i * 20) + k, Ms(Day1))))), default);
        }

        await Eventually.WaitAsync(() => disk.Failures >= 2, "disk failing");
        Assert.That(h.Server!.BufferedBytes, Is.LessThanOrEqualTo(limit + (64 * 1024) + perFrame), "reading stops once the budget is spent");
        Assert.That(client.UnacknowledgedCount, Is.EqualTo(200));

        disk.DiskFull = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await client.DrainAsync(timeout.Token);
        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(Enumerable.Range(1, 4001).Select(i => (long)i)));
    }

    [Test]
    public async Task DiskFullAtStart_WriterWaitsAndRetries_InsteadOfExiting()
    {
        var disk = new FaultyFileSystem(PhysicalFileSystem.Instance) { DiskFull = true };
        await using var h = new WriterHarness(o => o with { FileSystem = disk });
        var start = h.StartAsync();
        await Eventually.WaitAsync(() => disk.Failures >= 2, "recovery retried");
        Assert.That(start.IsCompleted, Is.False);
        disk.DiskFull = false;
        await start;
        Assert.That(h.Log.Contains("Cannot prepare the data directory"), Is.True);
    }

    private static async Task WriteIdsAsync(global::Streamer.Pipes.Clients.WriterClient client, long from, long to)
    {
        for (var id = from; id <= to; id++)
        {
            await client.WriteAsync(StreamType.AggTrade, Ms(Day1), Bytes(AggTrade(id, Ms(Day1))), default);
        }
    }
}

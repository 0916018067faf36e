using System.IO.Compression;
using NUnit.Framework;
using Streamer.Core.Processes;
using Streamer.IntegrationTests.Infrastructure;
using Streamer.Upload.Tests.Infrastructure;

namespace Streamer.IntegrationTests;

/// <summary>
/// The real executable with upload on, against a real s3rver: a recording across a UTC midnight, the store down
/// for ~10 s and the product restarted once during the outage, ends with the closed day only in the store (byte
/// for byte what the exchange sent, per the ground truth), nothing of it left locally, and nothing of the open day
/// in the store.
/// </summary>
[NonParallelizable]
public class UploadEndToEndTests
{
    private const string Symbol = "BTCUSDT";

    [Test, CancelAfter(150_000)]
    public async Task AcrossMidnight_WithAnOutageAndARestart_TheClosedDayEndsUpOnlyInTheStore(CancellationToken ct)
    {
        using var s3 = await S3Server.StartAsync(ct: ct);
        var upload = $"""
            upload:
              enabled: true
              endpoint: {s3.Endpoint}
              bucket: {s3.Bucket}
              prefix: lake
              force_path_style: true
              server_name: it-box
              delete_local: true
              scan_interval: 300ms
              retry_min_delay: 200ms
              retry_max_delay: 1s
              request_timeout: 5s

            """;
        await using var run = await Recording.StartAsync([Symbol], o => o with
        {
            Seed = 5,
            DefaultEventsPerSecond = 5,
            ClockSpeed = 20,
            StartTime = new DateTimeOffset(2026, 1, 1, 23, 59, 10, TimeSpan.Zero), // midnight ~2.5 s in
        }, streams: "[aggtrade, depth]", storage: "  compress: true\n  close_grace: 0s\n", extraConfig: upload, ct: ct);
        var ws = run.Workspace;
        var dayTwo = Path.Combine(ws.DataDir, Symbol, $"aggtrade_{Symbol}_20260102.csv");
        await Eventually.UntilAsync(() => File.Exists(dayTwo) && Recorded.ReadCompleteLines(dayTwo).Count > 3, TimeSpan.FromSeconds(40),
            "rows of the second day", () => run.Streamer.Output);

        // The store goes down, and the product is restarted while it is down.
        s3.Stop();
        var outage = DateTime.UtcNow;
        run.Streamer.Signal(Signals.SigTerm);
        Assert.That(await run.Streamer.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.True, run.Streamer.Output);
        Assert.That(run.Streamer.ExitCode, Is.EqualTo(0), run.Streamer.Output);
        using var second = StreamerProcess.Start(ws.Root, "-c", ws.ConfigPath);

        // The restarted writer compresses the finished day at once; the uploader finds it and cannot send it.
        var dayOneGz = Path.Combine(ws.DataDir, Symbol, $"aggtrade_{Symbol}_20260101.csv.gz");
        await Eventually.UntilAsync(() => File.Exists(dayOneGz) && second.StdErr.Any(l => l.Contains("next attempt in", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(40), "the day compressed and an upload attempt failed", () => second.Output);
        Assert.That(File.Exists(dayOneGz), Is.True, "nothing is deleted while the store is down");
        var rest = TimeSpan.FromSeconds(10) - (DateTime.UtcNow - outage);
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, ct); // The outage lasts ~10 s whatever the speed of the machine; nothing is asserted from it.
        }

        await s3.StartAgainAsync(ct);
        var prefix = "lake/binance-um/" + Symbol + "/";
        await Eventually.UntilAsync(
            () => s3.Keys().Any(k => k.EndsWith($"aggtrade_{Symbol}_20260101.csv.gz", StringComparison.Ordinal))
                && s3.Keys().Any(k => k.EndsWith($"depth_{Symbol}_20260101.csv.gz", StringComparison.Ordinal))
                && !Directory.EnumerateFiles(Path.Combine(ws.DataDir, Symbol), "*_20260101.*").Any(),
            TimeSpan.FromSeconds(40), "the closed day uploaded and deleted locally", () => second.Output + "\nkeys: " + string.Join(", ", s3.Keys()));

        // Let the recorder write everything the exchange generated, then check every row: day one from the store, day two from disk.
        run.Exchange.Pause();
        var lastTrade = GroundTruthCheck.LastAggTradeId(ws.TruthDir, Symbol);
        await Eventually.UntilAsync(() => run.LastRecordedTradeId(Symbol) >= lastTrade, TimeSpan.FromSeconds(30), "the last trade on disk", () => second.Output);

        var keys = s3.Keys();
        Assert.That(keys, Is.All.StartWith(prefix).And.Contain("/it-box/2026-01-01/"), "keys: {prefix}/binance-um/{SYMBOL}/{stream}/{server}/{day}/{file}; no object of the open day");
        foreach (var key in keys)
        {
            var stream = key[prefix.Length..key.IndexOf('/', prefix.Length)];
            Assert.That(Path.GetFileName(key), Does.StartWith(stream + "_" + Symbol + "_20260101"), key);
        }

        // Day one, from the store alone: every trade and every depth event, byte for byte (depth cannot be fetched
        // back after the restart, so depth is checked on the day that was recorded before it).
        var dayOne = Path.Combine(ws.Root, "store", Symbol);
        Directory.CreateDirectory(dayOne);
        foreach (var key in keys)
        {
            using var gzip = new GZipStream(new MemoryStream(s3.ReadObject(key)!), CompressionMode.Decompress);
            using var csv = File.Create(Path.Combine(dayOne, Path.GetFileName(key)[..^".gz".Length]));
            gzip.CopyTo(csv);
        }

        var storeDir = Path.GetDirectoryName(dayOne)!;
        Assert.That(Recorded.Files(storeDir, Symbol, "aggtrade").Select(Path.GetFileName), Is.EqualTo(new[] { $"aggtrade_{Symbol}_20260101.csv" }));
        GroundTruthCheck.AggTradesComplete(storeDir, ws.TruthDir, Symbol, throughLastGenerated: false);
        GroundTruthCheck.DepthComplete(storeDir, ws.TruthDir, Symbol, throughLastGenerated: false);

        // Both days, the store's and the open one on disk: no trade lost or doubled anywhere, through the last generated.
        foreach (var local in Directory.EnumerateFiles(Path.Combine(ws.DataDir, Symbol), "aggtrade_*_20260102.csv"))
        {
            File.Copy(local, Path.Combine(dayOne, Path.GetFileName(local)));
        }

        GroundTruthCheck.AggTradesComplete(storeDir, ws.TruthDir, Symbol);

        second.Signal(Signals.SigTerm);
        Assert.That(await second.WaitForExitAsync(TimeSpan.FromSeconds(30)), Is.True, second.Output);
        Assert.That(second.ExitCode, Is.EqualTo(0), second.Output);
    }

    [Test, CancelAfter(60_000)]
    public async Task UploadOnce_FailsWhileTheStoreIsDown_OrAnotherUploaderRuns_ThenUploadsAndExitsZero(CancellationToken ct)
    {
        using var s3 = await S3Server.StartAsync(ct: ct);
        using var ws = new Workspace();
        ws.WriteConfig(9, [Symbol], extra: $"upload:\n  endpoint: {s3.Endpoint}\n  bucket: {s3.Bucket}\n  force_path_style: true\n  server_name: cron\n  delete_local: true\n  retry_min_delay: 100ms\n  request_timeout: 2s\n");
        var day = Path.Combine(ws.DataDir, Symbol, $"aggtrade_{Symbol}_20260101.csv.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(day)!);
        await using (var gz = new GZipStream(File.Create(day), CompressionLevel.Fastest))
        {
            await gz.WriteAsync("agg_trade_id,price\n1,100.5\n"u8.ToArray(), ct);
        }

        var bytes = await File.ReadAllBytesAsync(day, ct);
        s3.Stop();
        var down = await StreamerProcess.RunAsync(ws.Root, TimeSpan.FromSeconds(30), "-c", ws.ConfigPath, "upload", "--once");
        Assert.That(down.ExitCode, Is.EqualTo(1), down.StdErr);
        Assert.That(down.StdErr, Does.Contain("1 file(s) not uploaded").And.Contain("not reachable"));
        Assert.That(File.Exists(day), Is.True);

        await s3.StartAgainAsync(ct);
        using (Upload.State.UploadLock.TryAcquire(ws.DataDir))
        {
            var busy = await StreamerProcess.RunAsync(ws.Root, TimeSpan.FromSeconds(30), "-c", ws.ConfigPath, "upload", "--once");
            Assert.That(busy.ExitCode, Is.EqualTo(1), busy.StdErr);
            Assert.That(busy.StdErr, Does.Contain("another uploader holds"));
        }

        var up = await StreamerProcess.RunAsync(ws.Root, TimeSpan.FromSeconds(30), "-c", ws.ConfigPath, "upload", "--once");
        Assert.That(up.ExitCode, Is.EqualTo(0), up.StdErr);
        Assert.That(s3.ReadObject($"binance-um/{Symbol}/aggtrade/cron/2026-01-01/aggtrade_{Symbol}_20260101.csv.gz"), Is.EqualTo(bytes));
        Assert.That(File.Exists(day), Is.False);
    }
}

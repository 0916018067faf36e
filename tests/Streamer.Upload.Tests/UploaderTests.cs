using System.Diagnostics;
using NUnit.Framework;
using Streamer.Upload.Store;
using Streamer.Upload.Tests.Infrastructure;

namespace Streamer.Upload.Tests;

/// <summary>The uploader against a real s3rver on 127.0.0.1: objects checked byte for byte from s3rver's own folder.</summary>
[NonParallelizable]
public sealed class UploaderTests
{
    private S3Server _s3 = null!;
    private DataDir _data = null!;
    private int _test;

    /// <summary>One server for all tests (each starts in ~1 s); every test writes under a prefix of its own.</summary>
    private string Prefix => "t" + _test.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [OneTimeSetUp]
    public async Task StartServer() => _s3 = await S3Server.StartAsync();

    [OneTimeTearDown]
    public void StopServer() => _s3.Dispose();

    [SetUp]
    public void SetUp()
    {
        _test++;
        _data = new DataDir();
    }

    [TearDown]
    public void TearDown() => _data.Dispose();

    private string KeyOf(string symbol, string stream, string name) => $"{Prefix}/binance-um/{symbol}/{stream}/box1/2026-01-01/{name}";

    private List<string> Keys() => [.. _s3.Keys().Where(k => k.StartsWith(Prefix + "/", StringComparison.Ordinal))];

    private Core.Configuration.UploadConfig Config(bool deleteLocal = true, long multipartThreshold = 64L << 20) =>
        DataDir.Config(_s3, deleteLocal, multipartThreshold) with { Prefix = Prefix };

    [Test]
    public async Task SealedFile_IsUploadedByteForByte_ThenDeleted_AndTheOpenDayIsNot()
    {
        var closed = _data.WriteGz(DataDir.ClosedDay, 2000);
        var bytes = await File.ReadAllBytesAsync(closed);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var open = _data.WriteCsv(today, 10);
        var (uploader, counters, store) = _data.Uploader(Config());
        using (store)
        {
            var result = await uploader.RunPassAsync(CancellationToken.None);
            Assert.That((result.Pending, result.Failure), Is.EqualTo((0, (ObjectStoreException?)null)));
        }

        Assert.That(_s3.ReadObject(KeyOf("BTCUSDT", "aggtrade", "aggtrade_BTCUSDT_20260101.csv.gz")), Is.EqualTo(bytes));
        Assert.That(Keys(), Has.Count.EqualTo(1), "only the closed day");
        Assert.That(File.Exists(closed), Is.False, "deleted once verified");
        Assert.That(File.Exists(open), Is.True);
        Assert.That(counters.Snapshot().Counters["uploaded_files"], Is.EqualTo(1));
    }

    [Test]
    public async Task ParquetParts_FlatAndHive_GoUpUnderTheDayKey_AsParquet_TodaysAreKeptLocally_OpenCsvNever()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var flatClosed = _data.WriteFile("BTCUSDT/aggtrade_BTCUSDT_20260101.h07.p001.parquet", 300);
        var hiveToday = _data.WriteFile($"depth/symbol=ETHUSDT/date={today:yyyy-MM-dd}/depth_ETHUSDT_{today:yyyyMMdd}.h00.p001.parquet", 400);
        var openCsv = _data.WriteFile($".staging/ETHUSDT/depth_ETHUSDT_{today:yyyyMMdd}.h01.csv", 50);
        var closedCsv = _data.WriteFile("BTCUSDT/aggtrade_BTCUSDT_20260101.h08.csv", 50); // closed, not yet sealed
        var bytes = (await File.ReadAllBytesAsync(flatClosed), await File.ReadAllBytesAsync(hiveToday));
        var (uploader, _, store) = _data.Uploader(Config(), compress: false, format: Core.Configuration.StorageFormat.Parquet);
        using (store)
        {
            var result = await uploader.RunPassAsync(CancellationToken.None);
            Assert.That((result.Pending, result.Failure), Is.EqualTo((0, (ObjectStoreException?)null)));
        }

        var todayKey = $"{Prefix}/binance-um/ETHUSDT/depth/box1/{today:yyyy-MM-dd}/depth_ETHUSDT_{today:yyyyMMdd}.h00.p001.parquet";
        Assert.That(Keys(), Is.EqualTo(new[] { KeyOf("BTCUSDT", "aggtrade", "aggtrade_BTCUSDT_20260101.h07.p001.parquet"), todayKey }));
        Assert.That((_s3.ReadObject(Keys()[0]), _s3.ReadObject(todayKey)), Is.EqualTo(bytes));
        Assert.That(_s3.ReadMetadata(todayKey), Does.Contain("application/vnd.apache.parquet"));
        Assert.That(File.Exists(flatClosed), Is.False, "its day is over: deleted once verified");
        Assert.That(File.Exists(hiveToday), Is.True, "uploaded as soon as sealed, kept while its day may still get parts");
        Assert.That(File.Exists(openCsv) && File.Exists(closedCsv), Is.True);
    }

    [Test]
    public async Task LargeFile_GoesUpInParts_ByteForByte()
    {
        var file = _data.WriteRandomGz(DataDir.ClosedDay, (12 << 20) + 123);
        var bytes = await File.ReadAllBytesAsync(file);
        var (uploader, _, store) = _data.Uploader(Config(deleteLocal: false, multipartThreshold: 5L << 20));
        using (store)
        {
            var watch = Stopwatch.StartNew();
            var result = await uploader.RunPassAsync(CancellationToken.None);
            TestContext.Out.WriteLine($"multipart upload of {bytes.Length} bytes: {watch.Elapsed.TotalMilliseconds:0} ms, {bytes.Length / 1e6 / watch.Elapsed.TotalSeconds:0.0} MB/s");
            Assert.That(result.Failure, Is.Null, result.Failure?.Message);
        }

        Assert.That(_s3.ReadObject(KeyOf("ETHUSDT", "depth", "depth_ETHUSDT_20260101.csv.gz")), Is.EqualTo(bytes));
        Assert.That(File.Exists(file), Is.True, "delete_local: false keeps it");
    }

    [Test]
    public async Task StoreDown_NothingIsDeleted_ThenBack_EverythingGoesUp()
    {
        var file = _data.WriteGz(DataDir.ClosedDay, 100);
        var bytes = await File.ReadAllBytesAsync(file);
        _s3.Stop();
        var (uploader, counters, store) = _data.Uploader(Config());
        using (store)
        {
            var down = await uploader.RunPassAsync(CancellationToken.None);
            Assert.That(down.Failure?.Failure, Is.EqualTo(StoreFailure.Unavailable));
            Assert.That(down.Pending, Is.EqualTo(1));
            Assert.That(File.Exists(file), Is.True);
            Assert.That(counters.Snapshot().Counters["upload_pending_files"], Is.EqualTo(1));
            Assert.That(counters.Failures, Is.GreaterThan(0));

            await _s3.StartAgainAsync();
            var back = await uploader.RunPassAsync(CancellationToken.None);
            Assert.That((back.Pending, back.Failure), Is.EqualTo((0, (ObjectStoreException?)null)));
        }

        Assert.That(_s3.ReadObject(KeyOf("BTCUSDT", "aggtrade", "aggtrade_BTCUSDT_20260101.csv.gz")), Is.EqualTo(bytes));
        Assert.That(File.Exists(file), Is.False);
    }

    [Test]
    public async Task Restart_WithOrWithoutState_DoesNotSendAnObjectAgain()
    {
        _data.WriteGz(DataDir.ClosedDay, 100);
        var config = Config(deleteLocal: false);
        for (var run = 0; run < 3; run++)
        {
            if (run == 2)
            {
                File.Delete(Path.Combine(_data.Path, ".upload", "state.json")); // Lost state: HEAD finds the same object.
            }

            var (uploader, counters, store) = _data.Uploader(config);
            using (store)
            {
                var result = await uploader.RunPassAsync(CancellationToken.None);
                Assert.That(result.Failure, Is.Null);
            }

            Assert.That(counters.Snapshot().Counters["uploaded_files"], Is.EqualTo(run == 0 ? 1 : 0), $"run {run}");
        }

        Assert.That(Keys(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task LateRows_AfterTheDayWasUploadedAndDeleted_GoUpAsALatePart()
    {
        var first = _data.WriteGz(DataDir.ClosedDay, 100);
        var (uploader, _, store) = _data.Uploader(Config());
        using (store)
        {
            await uploader.RunPassAsync(CancellationToken.None);
            Assert.That(File.Exists(first), Is.False);

            // The writer compressed rows that came later into a new .gz of the same name.
            var late = _data.WriteGz(DataDir.ClosedDay, 3);
            var lateBytes = await File.ReadAllBytesAsync(late);
            var result = await uploader.RunPassAsync(CancellationToken.None);
            Assert.That(result.Failure, Is.Null);
            var keys = Keys();
            Assert.That(keys, Has.Count.EqualTo(2));
            var latePart = keys.Single(k => k.Contains(".late-", StringComparison.Ordinal));
            Assert.That(latePart, Does.EndWith(".csv.gz").And.StartWith(KeyOf("BTCUSDT", "aggtrade", "aggtrade_BTCUSDT_20260101.late-")));
            Assert.That(_s3.ReadObject(latePart), Is.EqualTo(lateBytes));
        }
    }

    [Test]
    public async Task MergedDay_WhenKeptLocally_ReplacesItsObject()
    {
        var file = _data.WriteGz(DataDir.ClosedDay, 100);
        var (uploader, _, store) = _data.Uploader(Config(deleteLocal: false));
        using (store)
        {
            await uploader.RunPassAsync(CancellationToken.None);
            _data.WriteGz(DataDir.ClosedDay, 105); // The writer merged late rows into the kept .gz: a superset.
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));
            var merged = await File.ReadAllBytesAsync(file);
            await uploader.RunPassAsync(CancellationToken.None);
            Assert.That(Keys(), Has.Count.EqualTo(1));
            Assert.That(_s3.ReadObject(KeyOf("BTCUSDT", "aggtrade", "aggtrade_BTCUSDT_20260101.csv.gz")), Is.EqualTo(merged));
        }
    }

    [Test]
    public async Task BadCredentials_AreAClearErrorNamingTheSetting_AndKeepTheFile()
    {
        var file = _data.WriteGz(DataDir.ClosedDay, 10);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "WRONG");
        try
        {
            var (uploader, _, store) = _data.Uploader(Config());
            using (store)
            {
                var result = await uploader.RunPassAsync(CancellationToken.None);
                Assert.That(result.Failure?.Failure, Is.EqualTo(StoreFailure.Credentials), result.Failure?.Message);
                Assert.That(result.Failure!.Message, Does.Contain("AWS_ACCESS_KEY_ID").And.Not.Contain(S3Server.AccessKey));
            }
        }
        finally
        {
            S3Server.UseTestCredentials();
        }

        Assert.That(File.Exists(file), Is.True);
    }

    [Test]
    public void UploadLock_AllowsOneUploaderPerDataDirectory()
    {
        using var first = State.UploadLock.TryAcquire(_data.Path);
        Assert.That(first, Is.Not.Null);
        Assert.That(State.UploadLock.TryAcquire(_data.Path), Is.Null);
    }
}

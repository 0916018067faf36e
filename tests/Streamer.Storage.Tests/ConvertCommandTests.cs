using System.IO.Compression;
using System.Text;
using Streamer.Core.Configuration;
using Streamer.Storage.Convert;
using Streamer.Tests.Support;

namespace Streamer.Storage.Tests;

/// <summary><c>streamer convert --to parquet</c>: closed CSV days become checked Parquet parts; today and a running recorder are left alone.</summary>
public class ConvertCommandTests
{
    private const string Header = "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,event_time,local_time_us\n";
    private const string Rows = "1,93000.10,0.002,1,1,1777593600000,true,1777593600001,1777593600001234\n2,93000.20,0.010,2,3,1777593600100,false,,\n";
    private string _dir = "";

    [SetUp]
    public void SetUp() => Directory.CreateDirectory(Path.Combine(_dir = Path.Combine(Path.GetTempPath(), "stmr-conv-" + Guid.NewGuid().ToString("N")[..10]), "BTCUSDT"));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task ClosedDays_PlainAndGzip_BecomeHiveParts_TodayStaysCsv()
    {
        var folder = Path.Combine(_dir, "BTCUSDT");
        await File.WriteAllTextAsync(Path.Combine(folder, "aggtrade_BTCUSDT_20260501.csv"), Header + Rows);
        await using (var gz = new GZipStream(File.Create(Path.Combine(folder, "aggtrade_BTCUSDT_20260502.csv.gz")), CompressionLevel.Fastest))
        {
            await gz.WriteAsync(Encoding.UTF8.GetBytes(Header + Rows));
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "aggtrade_BTCUSDT_20260503.csv"), Header + Rows);
        var output = new StringWriter();

        var code = await ConvertCommand.RunAsync(_dir, StorageLayout.Hive, ["--to", "parquet"], output, new StringWriter(), Today(2026, 5, 3), CancellationToken.None);

        Assert.That(code, Is.Zero, output.ToString());
        foreach (var day in new[] { "2026-05-01", "2026-05-02" })
        {
            var part = Path.Combine(_dir, "aggtrade", "symbol=BTCUSDT", "date=" + day, $"aggtrade_BTCUSDT_{day.Replace("-", "", StringComparison.Ordinal)}.p001.parquet");
            Assert.That(DuckDb.ToCsv(part), Is.EqualTo(Header + Rows), day);
        }

        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName), Is.EqualTo(new[] { "aggtrade_BTCUSDT_20260503.csv" }), "today is not a closed day");
        Assert.That(output.ToString(), Does.Contain("[1/2]").And.Contain("2 of 2 file(s) converted, 4 rows"));
    }

    [Test]
    public async Task DateRangeAndSymbols_SelectTheFiles()
    {
        var folder = Path.Combine(_dir, "BTCUSDT");
        await File.WriteAllTextAsync(Path.Combine(folder, "aggtrade_BTCUSDT_20260501.csv"), Header + Rows);
        await File.WriteAllTextAsync(Path.Combine(folder, "aggtrade_BTCUSDT_20260502.csv"), Header + Rows);

        var code = await ConvertCommand.RunAsync(_dir, StorageLayout.Flat, ["--to", "parquet", "--from", "2026-05-02", "--to", "2026-05-02", "--symbols", "BTCUSDT"], new StringWriter(), new StringWriter(), Today(2026, 6, 1), CancellationToken.None);

        Assert.That(code, Is.Zero);
        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { "aggtrade_BTCUSDT_20260501.csv", "aggtrade_BTCUSDT_20260502.p001.parquet" }));
    }

    [Test]
    public async Task WhileARecorderHoldsTheDataDirectory_NothingIsTouched()
    {
        var csv = Path.Combine(_dir, "BTCUSDT", "aggtrade_BTCUSDT_20260501.csv");
        await File.WriteAllTextAsync(csv, Header + Rows);
        Directory.CreateDirectory(Path.Combine(_dir, ".writer"));
        using var writerLock = File.OpenHandle(Path.Combine(_dir, ".writer", "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var error = new StringWriter();

        var code = await ConvertCommand.RunAsync(_dir, StorageLayout.Flat, ["--to", "parquet"], new StringWriter(), error, Today(2026, 6, 1), CancellationToken.None);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("stop it first"));
        Assert.That(File.Exists(csv), Is.True);
    }

    [Test]
    public async Task WhileARecorderOwnsTheDataDirectory_ItRefuses_NamingTheOwnersPid()
    {
        var csv = Path.Combine(_dir, "BTCUSDT", "aggtrade_BTCUSDT_20260501.csv");
        await File.WriteAllTextAsync(csv, Header + Rows);
        using var owner = Core.Ownership.DataDirLock.TryAcquire(_dir); // what a running supervisor holds, even while its writer restarts
        Assert.That(owner, Is.Not.Null);
        var error = new StringWriter();

        var code = await ConvertCommand.RunAsync(_dir, StorageLayout.Flat, ["--to", "parquet"], new StringWriter(), error, Today(2026, 6, 1), CancellationToken.None);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain($"(pid {Environment.ProcessId})").And.Contain("stop it first"), error.ToString());
        Assert.That(Directory.GetFiles(Path.Combine(_dir, "BTCUSDT")).Select(Path.GetFileName), Is.EqualTo(new[] { "aggtrade_BTCUSDT_20260501.csv" }), "nothing touched");
    }

    [Test]
    public async Task FilesTheWritersCheckpointStillLists_AreLeftToTheRecorder_HourlyStagedOnesAreConverted()
    {
        var held = Path.Combine(_dir, "BTCUSDT", "aggtrade_BTCUSDT_20260501.csv");
        await File.WriteAllTextAsync(held, Header + Rows);
        var staging = Path.Combine(_dir, ".staging", "BTCUSDT");
        Directory.CreateDirectory(staging);
        await File.WriteAllTextAsync(Path.Combine(staging, "aggtrade_BTCUSDT_20260502.h07.csv"), Header + Rows);
        var error = new StringWriter();

        var code = await ConvertCommand.RunAsync(_dir, StorageLayout.Hive, ["--to", "parquet"], new StringWriter(), error, Today(2026, 6, 1), CancellationToken.None,
            new HashSet<string>(StringComparer.Ordinal) { "BTCUSDT/aggtrade_BTCUSDT_20260501.csv" });

        Assert.That(code, Is.Zero, error.ToString());
        Assert.That(File.Exists(held), Is.True, "a recovery would cut it back to its checkpoint: not convert's to take");
        Assert.That(error.ToString(), Does.Contain("BTCUSDT/aggtrade_BTCUSDT_20260501.csv is still in the writer's checkpoint"));
        Assert.That(Directory.GetFiles(staging), Is.Empty);
        Assert.That(DuckDb.ToCsv(Path.Combine(_dir, "aggtrade", "symbol=BTCUSDT", "date=2026-05-02", "aggtrade_BTCUSDT_20260502.h07.p001.parquet")), Is.EqualTo(Header + Rows));
    }

    [Test]
    public async Task AConvertKilledAfterTheRename_IsFinishedByTheNextOne_RowsNeverInBoth()
    {
        var csv = Path.Combine(_dir, "BTCUSDT", "aggtrade_BTCUSDT_20260501.csv");
        var part = Path.Combine(_dir, "BTCUSDT", "aggtrade_BTCUSDT_20260501.p001.parquet");
        await File.WriteAllTextAsync(csv, Header + Rows);
        Assert.That(await ConvertCommand.RunAsync(_dir, StorageLayout.Flat, ["--to", "parquet"], new StringWriter(), new StringWriter(), Today(2026, 6, 1), CancellationToken.None), Is.Zero);
        await File.WriteAllTextAsync(csv, Header + Rows); // As if the kill came after the rename, before the delete.
        await File.WriteAllTextAsync(Path.Combine(_dir, ".writer", "convert.pending"), csv + "\t" + part + "\n");

        var code = await ConvertCommand.RunAsync(_dir, StorageLayout.Flat, ["--to", "parquet"], new StringWriter(), new StringWriter(), Today(2026, 6, 1), CancellationToken.None);

        Assert.That(code, Is.Zero);
        Assert.That(Directory.GetFiles(Path.Combine(_dir, "BTCUSDT")).Select(Path.GetFileName), Is.EqualTo(new[] { "aggtrade_BTCUSDT_20260501.p001.parquet" }));
        Assert.That(File.Exists(Path.Combine(_dir, ".writer", "convert.pending")), Is.False);
    }

    [Test]
    public async Task WithoutATarget_ItIsAUsageError()
    {
        var code = await ConvertCommand.RunAsync(_dir, StorageLayout.Flat, [], new StringWriter(), new StringWriter(), Today(2026, 6, 1), CancellationToken.None);
        Assert.That(code, Is.EqualTo(2));
    }

    private static FixedTime Today(int y, int m, int d) => new(new DateTimeOffset(y, m, d, 12, 0, 0, TimeSpan.Zero));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

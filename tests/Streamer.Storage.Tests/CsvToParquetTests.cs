using System.Text;
using Streamer.Storage.Parquet;
using Streamer.Tests.Support;

namespace Streamer.Storage.Tests;

/// <summary>Parquet files written from our CSV are read back by DuckDB (an independent reader) as exactly that CSV.</summary>
public class CsvToParquetTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "stmr-pq-" + Guid.NewGuid().ToString("N")[..10]));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [TestCaseSource(typeof(Samples), nameof(Samples.EveryStream))]
    public async Task EveryStream_ReadByDuckDb_IsTheSameCsv_ByteForByte(string name, string csv)
    {
        var parquet = await ConvertAsync(csv);
        Assert.That(DuckDb.ToCsv(parquet), Is.EqualTo(csv), name);
    }

    [TestCaseSource(typeof(Samples), nameof(Samples.EveryStream))]
    public async Task EveryStream_ReadByOurReader_IsTheSameCsv(string name, string csv)
    {
        var parquet = await ConvertAsync(csv);
        var lines = new List<string>();
        await using (var file = File.OpenRead(parquet))
        {
            await ParquetToCsv.ReadLinesAsync(file, lines.Add, CancellationToken.None);
        }

        Assert.That(string.Join("", lines.Select(l => l + "\n")), Is.EqualTo(csv), name);
    }

    [TestCaseSource(typeof(Samples), nameof(Samples.EveryStream))]
    public async Task EveryColumn_HasItsExactType_NoFloatAnywhere(string name, string csv)
    {
        var parquet = await ConvertAsync(csv);
        var header = csv[..csv.IndexOf('\n', StringComparison.Ordinal)].Split(',');
        var columns = DuckDb.Columns(parquet);
        Assert.That(columns.Select(c => c.Name), Is.EqualTo(header), "names and order of the CSV header");
        foreach (var (column, type) in columns)
        {
            var expected = ParquetColumns.KindOf(column) switch
            {
                ColumnKind.Int64 or ColumnKind.Micros => "BIGINT",
                ColumnKind.Boolean => "BOOLEAN",
                ColumnKind.Text => "VARCHAR",
                _ => "DECIMAL(",
            };
            Assert.That(type, Does.StartWith(expected), $"{name}: {column}");
            Assert.That(type, Does.Not.Contain("FLOAT").And.Not.Contain("DOUBLE"), $"{name}: {column}");
        }
    }

    [Test]
    public async Task PriceScale_IsTheExchangeStringsScale()
    {
        var parquet = await ConvertAsync("agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,event_time,local_time_us\n"
            + "1,93000.10,0.002,1,1,1,true,1,1\n");
        var columns = DuckDb.Columns(parquet).ToDictionary(c => c.Name, c => c.Type);
        Assert.That(columns["price"], Is.EqualTo("DECIMAL(18,2)"));
        Assert.That(columns["quantity"], Is.EqualTo("DECIMAL(18,3)"));
        Assert.That(DuckDb.Scalar($"SELECT CAST(price AS VARCHAR) FROM read_parquet('{parquet}')"), Is.EqualTo("93000.10"));
    }

    [Test]
    public async Task ValuesWiderThan18Digits_AreStoredAtPrecision28_Exactly()
    {
        var parquet = await ConvertAsync("event_time,mark_price,index_price,estimated_settle_price,funding_rate,next_funding_time,local_time_us\n"
            + "1,12345678901234.12345678,1.0,1.0,0.1,1,1\n");
        Assert.That(DuckDb.Columns(parquet).First(c => c.Name == "mark_price").Type, Is.EqualTo("DECIMAL(28,8)"));
        Assert.That(DuckDb.ToCsv(parquet), Does.Contain(",12345678901234.12345678,"));
    }

    [Test]
    public async Task ManyRowGroups_KeepRowOrder()
    {
        var sb = new StringBuilder("agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,event_time,local_time_us\n");
        for (var i = 0; i < 2500; i++)
        {
            sb.Append(FormattableString.Invariant($"{i},{90000 + (i % 7)}.{i % 10}0,0.{i % 1000:D3},{i},{i},{i},{(i % 2 == 0 ? "true" : "false")},{i},{i}\n"));
        }

        var csv = sb.ToString();
        var parquet = Path.Combine(_dir, "many.parquet");
        await using (var output = File.Create(parquet))
        {
            var rows = await CsvToParquet.ConvertAsync(() => new MemoryStream(Encoding.UTF8.GetBytes(csv)), output, rowGroupRows: 1000, CancellationToken.None);
            Assert.That(rows, Is.EqualTo(2500));
        }

        Assert.That(DuckDb.ToCsv(parquet), Is.EqualTo(csv));
    }

    [Test]
    public async Task ATornLastLine_IsNotARow()
    {
        var parquet = await ConvertAsync("event_time,mark_price,index_price,estimated_settle_price,funding_rate,next_funding_time,local_time_us\n1,1.5,1.5,1.5,0.1,1,1\n2,1.6,1.");
        Assert.That(DuckDb.Scalar($"SELECT count(*) FROM read_parquet('{parquet}')"), Is.EqualTo(1L));
    }

    private async Task<string> ConvertAsync(string csv)
    {
        var parquet = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".parquet");
        await using var output = File.Create(parquet);
        await CsvToParquet.ConvertAsync(() => new MemoryStream(Encoding.UTF8.GetBytes(csv)), output, CsvToParquet.DefaultRowGroupRows, CancellationToken.None);
        return parquet;
    }
}

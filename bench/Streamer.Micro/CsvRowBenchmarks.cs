using System.Text;
using BenchmarkDotNet.Attributes;
using CsvHelper;
using Streamer.Core.Csv;

namespace Streamer.Micro;

/// <summary>
/// One aggtrade CSV row: Streamer.Core's CsvRowBuilder (UTF-8, raw exchange bytes) vs CsvHelper 34's source-generated
/// writer ([CsvRecord] partial class, CsvWriter.Create(stream, options)) and its field-by-field UTF-8 API.
/// </summary>
[MemoryDiagnoser]
public class CsvRowBenchmarks
{
    private static readonly byte[] Price = "94312.40"u8.ToArray();
    private static readonly byte[] Quantity = "0.012"u8.ToArray();
    private readonly CsvRowBuilder _builder = new(256 * 1024);
    private readonly AggTradeRecord _record = new()
    {
        AggTradeId = 2937492811, Price = "94312.40", Quantity = "0.012", FirstTradeId = 6523891123, LastTradeId = 6523891125,
        TransactTime = 1767225600121, IsBuyerMaker = true, EventTime = 1767225600123, LocalTimeUs = 1767225600123456,
    };

    private CsvWriter _typed = null!;
    private CsvWriter _fields = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new CsvWriterOptions { NewLine = "\n", HasHeader = false };
        _typed = CsvWriter.Create(Stream.Null, options);
        _fields = CsvWriter.Create(Stream.Null, options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _typed.Dispose();
        _fields.Dispose();
    }

    [Benchmark(Baseline = true, Description = "CsvRowBuilder (Streamer.Core)")]
    public int RowBuilder()
    {
        if (_builder.Length > 128 * 1024)
        {
            _builder.Clear();
        }

        _builder.Long(2937492811).Raw(Price).Raw(Quantity).Long(6523891123).Long(6523891125).Long(1767225600121)
            .Bool(true).Long(1767225600123).Long(1767225600123456).EndRow();
        return _builder.Length;
    }

    [Benchmark(Description = "CsvHelper 34 WriteRecord([CsvRecord] class)")]
    public long CsvHelperRecord()
    {
        _typed.WriteRecord(_record);
        return _typed.RecordCount;
    }

    [Benchmark(Description = "CsvHelper 34 WriteField(utf8 / long) per field")]
    public long CsvHelperFields()
    {
        _fields.WriteField(2937492811L, default);
        _fields.WriteField(Price);
        _fields.WriteField(Quantity);
        _fields.WriteField(6523891123L, default);
        _fields.WriteField(6523891125L, default);
        _fields.WriteField(1767225600121L, default);
        _fields.WriteField(true);
        _fields.WriteField(1767225600123L, default);
        _fields.WriteField(1767225600123456L, default);
        _fields.EndRecord();
        return _fields.RecordCount;
    }
}

/// <summary>The aggtrade columns as a CsvHelper 34 record (prices as the exchange's strings, never a float).</summary>
[CsvRecord]
public partial class AggTradeRecord
{
    [CsvColumn("agg_trade_id")]
    public long AggTradeId { get; set; }

    [CsvColumn("price")]
    public string Price { get; set; } = "";

    [CsvColumn("quantity")]
    public string Quantity { get; set; } = "";

    [CsvColumn("first_trade_id")]
    public long FirstTradeId { get; set; }

    [CsvColumn("last_trade_id")]
    public long LastTradeId { get; set; }

    [CsvColumn("transact_time")]
    public long TransactTime { get; set; }

    [CsvColumn("is_buyer_maker")]
    public bool IsBuyerMaker { get; set; }

    [CsvColumn("event_time")]
    public long EventTime { get; set; }

    [CsvColumn("local_time_us")]
    public long LocalTimeUs { get; set; }
}

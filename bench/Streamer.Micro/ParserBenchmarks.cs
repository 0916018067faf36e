using BenchmarkDotNet.Attributes;
using Streamer.Binance.Parsing;
using Streamer.Core.Csv;

namespace Streamer.Micro;

/// <summary>Streamer.Binance's WebSocket parser: one message in, CSV rows out (what the worker does per message).</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private readonly BinanceMessageParser _parser = new("BTCUSDT");
    private readonly CsvRowBuilder _rows = new(64 * 1024);
    private readonly byte[] _depth10 = Messages.Depth(10);
    private readonly byte[] _depth100 = Messages.Depth(100);

    [Benchmark(Description = "parse aggTrade → 1 row")]
    public int AggTrade() => Parse(Messages.AggTrade);

    [Benchmark(Description = "parse bookTicker → 1 row")]
    public int BookTicker() => Parse(Messages.BookTicker);

    [Benchmark(Description = "parse depthUpdate 10+10 levels → 20 rows")]
    public int Depth10() => Parse(_depth10);

    [Benchmark(Description = "parse depthUpdate 100+100 levels → 200 rows")]
    public int Depth100() => Parse(_depth100);

    private int Parse(byte[] message)
    {
        _rows.Clear();
        var parsed = _parser.Parse(message, 1767225600123456, _rows);
        return parsed.Rows;
    }
}

using System.Text;
using BenchmarkDotNet.Attributes;
using Streamer.OrderBook.Csv;
using Streamer.OrderBook.Sync;

namespace Streamer.Micro;

/// <summary>
/// The order book process per depth message: decode the worker's CSV rows (DepthCsvDecoder), then apply them through
/// BookSynchronizer (continuity check + LocalOrderBook update) to a synced 1000-level book.
/// </summary>
[MemoryDiagnoser]
public class OrderBookBenchmarks
{
    private readonly BookSynchronizer _sync = new();
    private readonly DepthUpdate _update = new();
    private byte[] _rows = [];
    private long _u;

    [Params(1, 10)]
    public int LevelsPerSide { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var snapshot = new BookSnapshot { LastUpdateId = 1000, EventTimeMs = 1767225600000, TransactTimeMs = 1767225600000 };
        for (var i = 0; i < 1000; i++)
        {
            snapshot.Bids.Add(94312.30m - i * 0.1m, 1 + i % 7);
            snapshot.Asks.Add(94312.40m + i * 0.1m, 1 + i % 5);
        }

        _sync.OnSnapshot(snapshot);
        _u = 1000;
        var sb = new StringBuilder();
        for (var i = 0; i < LevelsPerSide; i++)
        {
            sb.Append(FormattableString.Invariant($"1767225600123,1767225600121,990,1000,980,bid,{94312.30m - i * 0.1m:0.00},{2.5m + i:0.000},1767225600123456\n"));
            sb.Append(FormattableString.Invariant($"1767225600123,1767225600121,990,1000,980,ask,{94312.40m + i * 0.1m:0.00},{1.5m + i:0.000},1767225600123456\n"));
        }

        _rows = Encoding.UTF8.GetBytes(sb.ToString());
        // The first event straddles the snapshot (U <= 1000 <= u): the book is synced from here on.
        if (!DepthCsvDecoder.TryDecodeUpdate(_rows, _update, out var error))
        {
            throw new InvalidOperationException(error);
        }

        _sync.OnDepth(_update);
    }

    [Benchmark(Description = "decode depth CSV rows (DepthCsvDecoder)")]
    public bool Decode() => DepthCsvDecoder.TryDecodeUpdate(_rows, _update, out _);

    [Benchmark(Description = "BookSynchronizer.OnDepth (synced book, 1000 levels)")]
    public SyncOutcome Apply()
    {
        // Continue the pu/u chain so every call is a valid next event.
        _update.PrevFinalUpdateId = _u;
        _update.FirstUpdateId = _u + 1;
        _u += 5;
        _update.FinalUpdateId = _u;
        return _sync.OnDepth(_update);
    }
}

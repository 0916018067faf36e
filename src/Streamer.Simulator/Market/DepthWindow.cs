using Streamer.Simulator.Truth;
using Streamer.Simulator.WebSockets;
using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Market;

/// <summary>
/// One depth stream speed (0, 100, 250, 500 or, on spot, 1000 ms). It merges the level changes of the book
/// transactions in its window (last quantity wins) into one depthUpdate with U = first id,
/// u = last id and pu = the u of the previous event of this same stream — which is why clients
/// must chain on pu and never on U == prev.u + 1.
/// </summary>
internal sealed class DepthWindow
{
    private readonly Dictionary<long, long> _bids = [];
    private readonly Dictionary<long, long> _asks = [];
    private long[] _bidPrices = new long[64];
    private long[] _bidQuantities = new long[64];
    private long[] _askPrices = new long[64];
    private long[] _askQuantities = new long[64];
    private long _firstId;
    private long _lastId;
    private long _lastTime;

    public DepthWindow(int speedMs, StreamChannel channel, TruthFile? truth, long initialUpdateId)
    {
        SpeedMs = speedMs;
        Channel = channel;
        Truth = truth;
        PreviousId = initialUpdateId;
    }

    public int SpeedMs { get; }

    public StreamChannel Channel { get; }

    public TruthFile? Truth { get; }

    /// <summary>The u of the last event of this stream, sent or withheld.</summary>
    public long PreviousId { get; private set; }

    /// <summary>Set by the depth-gap fault: the next event is not sent, so pu no longer chains.</summary>
    public bool WithholdNext { get; set; }

    /// <summary>Exchange time (µs) of the next flush for timed speeds.</summary>
    public long NextFlushMicros { get; set; }

    public bool IsEmpty => _firstId == 0;

    public void Add(List<LevelChange> changes, long firstId, long lastId, long time)
    {
        if (_firstId == 0)
        {
            _firstId = firstId;
        }

        _lastId = lastId;
        _lastTime = time;
        foreach (var change in changes)
        {
            (change.IsBid ? _bids : _asks)[change.Price] = change.Quantity;
        }
    }

    /// <summary>Formats the window as one depthUpdate and starts a new window.</summary>
    public void WriteAndReset(PayloadWriter writer, IMarketFormat format, SymbolSpec spec, long eventTime)
    {
        var bids = Sorted(_bids, ref _bidPrices, ref _bidQuantities);
        var asks = Sorted(_asks, ref _askPrices, ref _askQuantities);
        format.DepthUpdate(
            writer, spec, eventTime, _lastTime, _firstId, _lastId, PreviousId,
            _bidPrices.AsSpan(0, bids), _bidQuantities.AsSpan(0, bids), _askPrices.AsSpan(0, asks), _askQuantities.AsSpan(0, asks));
        PreviousId = _lastId;
        _firstId = 0;
        _bids.Clear();
        _asks.Clear();
    }

    private static int Sorted(Dictionary<long, long> levels, ref long[] prices, ref long[] quantities)
    {
        if (levels.Count > prices.Length)
        {
            prices = new long[levels.Count * 2];
            quantities = new long[levels.Count * 2];
        }

        var n = 0;
        foreach (var (price, quantity) in levels)
        {
            prices[n] = price;
            quantities[n] = quantity;
            n++;
        }

        Array.Sort(prices, quantities, 0, n);
        return n;
    }
}

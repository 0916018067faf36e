namespace Streamer.Simulator.Market;

/// <summary>What REST and stats read. Each query takes the engine lock, so it sees the book at a transaction boundary.</summary>
internal sealed partial class MarketEngine
{
    public DepthSnapshot Snapshot(int limit)
    {
        lock (_sync)
        {
            var bids = Math.Min(limit, _bids.Count);
            var asks = Math.Min(limit, _asks.Count);
            var snapshot = new DepthSnapshot(
                _lastUpdateId, Math.Max(_clock.NowMillis, _lastEventTime), _lastTransactionTime,
                new long[bids], new long[bids], new long[asks], new long[asks]);
            _bids.CopyTop(bids, snapshot.BidPrices, snapshot.BidQuantities);
            _asks.CopyTop(asks, snapshot.AskPrices, snapshot.AskQuantities);
            return snapshot;
        }
    }

    public List<AggTradeRecord> AggTrades(long? fromId, long? startTime, long? endTime, int limit)
    {
        var result = new List<AggTradeRecord>(Math.Min(limit, 1000));
        lock (_sync)
        {
            _aggTrades.Query(fromId, startTime, endTime, limit, result);
        }

        return result;
    }

    /// <summary>Closed candles in range plus, like Binance, the candle still open if it is in range.</summary>
    public List<Candle> Klines(long? startTime, long? endTime, int limit)
    {
        lock (_sync)
        {
            var all = _closedCandles.Append(_candle.Clone())
                .Where(c => (startTime is not { } s || c.OpenTime >= s) && (endTime is not { } e || c.OpenTime <= e));
            return startTime is null
                ? all.TakeLast(limit).ToList()
                : all.Take(limit).ToList();
        }
    }

    public SymbolStats Stats()
    {
        lock (_sync)
        {
            return new SymbolStats
            {
                LastAggTradeId = _nextAggTradeId - 1,
                LastTradeId = _nextTradeId - 1,
                LastUpdateId = _lastUpdateId,
                OldestAggTradeId = _aggTrades.OldestId,
                BestBid = _spec.ToPrice(_bids.BestPrice),
                BestAsk = _spec.ToPrice(_asks.BestPrice),
                TradesPaused = _tradesPaused,
                Transactions = _transactions,
            };
        }
    }
}

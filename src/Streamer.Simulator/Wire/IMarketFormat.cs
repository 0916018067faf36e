using Streamer.Simulator.Market;

namespace Streamer.Simulator.Wire;

/// <summary>
/// How one market spells its events and REST answers. The engine and REST call these; each market has
/// its own field set (USD-M <see cref="UsdMFormat"/>, COIN-M <see cref="CoinMFormat"/>, spot
/// <see cref="SpotFormat"/>). Methods of streams a market does not have are never called.
/// </summary>
internal interface IMarketFormat
{
    void AggTrade(PayloadWriter w, SymbolSpec spec, long eventTime, in AggTradeRecord t);

    void Trade(PayloadWriter w, SymbolSpec spec, long eventTime, long time, long id, long price, long quantity, bool buyerMaker);

    void DepthUpdate(
        PayloadWriter w, SymbolSpec spec, long eventTime, long time, long first, long last, long previous,
        ReadOnlySpan<long> bidPrices, ReadOnlySpan<long> bidQuantities, ReadOnlySpan<long> askPrices, ReadOnlySpan<long> askQuantities);

    void BookTicker(PayloadWriter w, SymbolSpec spec, long updateId, long bid, long bidQty, long ask, long askQty, long time, long eventTime);

    void Kline(PayloadWriter w, SymbolSpec spec, long eventTime, Candle c, bool closed);

    void MarkPrice(PayloadWriter w, SymbolSpec spec, long eventTime, long mark8, long index8, long settle8, long funding8, long nextFunding);

    void ForceOrder(PayloadWriter w, SymbolSpec spec, long eventTime, bool sell, long quantity, long price, long averagePrice, long lastFilled, long time);

    void DepthSnapshot(PayloadWriter w, SymbolSpec spec, in DepthSnapshot s);

    void AggTrades(PayloadWriter w, SymbolSpec spec, IReadOnlyList<AggTradeRecord> trades);

    void Klines(PayloadWriter w, SymbolSpec spec, IReadOnlyList<Candle> candles);
}

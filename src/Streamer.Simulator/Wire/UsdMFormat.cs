using Streamer.Simulator.Market;

namespace Streamer.Simulator.Wire;

/// <summary>USD-M futures: exactly <see cref="MarketPayloads"/>.</summary>
internal sealed class UsdMFormat : IMarketFormat
{
    public static readonly UsdMFormat Instance = new();

    public void AggTrade(PayloadWriter w, SymbolSpec spec, long eventTime, in AggTradeRecord t) => MarketPayloads.AggTrade(w, spec, eventTime, t);

    public void Trade(PayloadWriter w, SymbolSpec spec, long eventTime, long time, long id, long price, long quantity, bool buyerMaker) =>
        MarketPayloads.Trade(w, spec, eventTime, time, id, price, quantity, buyerMaker);

    public void DepthUpdate(
        PayloadWriter w, SymbolSpec spec, long eventTime, long time, long first, long last, long previous,
        ReadOnlySpan<long> bidPrices, ReadOnlySpan<long> bidQuantities, ReadOnlySpan<long> askPrices, ReadOnlySpan<long> askQuantities) =>
        MarketPayloads.DepthUpdate(w, spec, eventTime, time, first, last, previous, bidPrices, bidQuantities, askPrices, askQuantities);

    public void BookTicker(PayloadWriter w, SymbolSpec spec, long updateId, long bid, long bidQty, long ask, long askQty, long time, long eventTime) =>
        MarketPayloads.BookTicker(w, spec, updateId, bid, bidQty, ask, askQty, time, eventTime);

    public void Kline(PayloadWriter w, SymbolSpec spec, long eventTime, Candle c, bool closed) => MarketPayloads.Kline(w, spec, eventTime, c, closed);

    public void MarkPrice(PayloadWriter w, SymbolSpec spec, long eventTime, long mark8, long index8, long settle8, long funding8, long nextFunding) =>
        MarketPayloads.MarkPrice(w, spec, eventTime, mark8, index8, settle8, funding8, nextFunding);

    public void ForceOrder(PayloadWriter w, SymbolSpec spec, long eventTime, bool sell, long quantity, long price, long averagePrice, long lastFilled, long time) =>
        MarketPayloads.ForceOrder(w, spec, eventTime, sell, quantity, price, averagePrice, lastFilled, time);

    public void DepthSnapshot(PayloadWriter w, SymbolSpec spec, in DepthSnapshot s) => MarketPayloads.DepthSnapshot(w, spec, s);

    public void AggTrades(PayloadWriter w, SymbolSpec spec, IReadOnlyList<AggTradeRecord> trades) => MarketPayloads.AggTrades(w, spec, trades);

    public void Klines(PayloadWriter w, SymbolSpec spec, IReadOnlyList<Candle> candles) => MarketPayloads.Klines(w, spec, candles);
}

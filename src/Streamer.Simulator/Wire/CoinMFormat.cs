using Streamer.Simulator.Market;

namespace Streamer.Simulator.Wire;

/// <summary>
/// COIN-M futures (dstream, <c>/dapi/v1</c>): the USD-M shapes plus the pair (<c>"ps":"BTCUSD"</c>) on
/// depth, bookTicker, kline and forceOrder; markPrice without an index price; quantities are whole
/// contracts and klines report the base-asset volume (<c>q</c>, <c>Q</c>) with 8 decimals.
/// </summary>
internal sealed class CoinMFormat : IMarketFormat
{
    public static readonly CoinMFormat Instance = new();

    /// <summary><c>{"e":"aggTrade","E","a","s","p","q","f","l","T","m"}</c>, as USD-M.</summary>
    public void AggTrade(PayloadWriter w, SymbolSpec spec, long eventTime, in AggTradeRecord t) => MarketPayloads.AggTrade(w, spec, eventTime, t);

    /// <summary>COIN-M has no <c>@trade</c> stream; never called.</summary>
    public void Trade(PayloadWriter w, SymbolSpec spec, long eventTime, long time, long id, long price, long quantity, bool buyerMaker) =>
        MarketPayloads.Trade(w, spec, eventTime, time, id, price, quantity, buyerMaker);

    /// <summary><c>{"e":"depthUpdate","E","T","s","ps","U","u","pu","b","a"}</c>.</summary>
    public void DepthUpdate(
        PayloadWriter w, SymbolSpec spec, long eventTime, long time, long first, long last, long previous,
        ReadOnlySpan<long> bidPrices, ReadOnlySpan<long> bidQuantities, ReadOnlySpan<long> askPrices, ReadOnlySpan<long> askQuantities)
    {
        w.Raw("{\"e\":\"depthUpdate\",\"E\":"u8);
        w.Int(eventTime);
        w.Raw(",\"T\":"u8);
        w.Int(time);
        MarketPayloads.Symbol(w, spec);
        Pair(w, spec);
        w.Raw(",\"U\":"u8);
        w.Int(first);
        w.Raw(",\"u\":"u8);
        w.Int(last);
        w.Raw(",\"pu\":"u8);
        w.Int(previous);
        w.Raw(",\"b\":"u8);
        MarketPayloads.Levels(w, spec, bidPrices, bidQuantities);
        w.Raw(",\"a\":"u8);
        MarketPayloads.Levels(w, spec, askPrices, askQuantities);
        w.Byte((byte)'}');
    }

    /// <summary><c>{"e":"bookTicker","u","s","ps","b","B","a","A","T","E"}</c>.</summary>
    public void BookTicker(PayloadWriter w, SymbolSpec spec, long updateId, long bid, long bidQty, long ask, long askQty, long time, long eventTime)
    {
        w.Raw("{\"e\":\"bookTicker\",\"u\":"u8);
        w.Int(updateId);
        MarketPayloads.Symbol(w, spec);
        Pair(w, spec);
        w.Raw(",\"b\":"u8);
        w.QuotedFixed(bid, spec.PricePrecision);
        w.Raw(",\"B\":"u8);
        w.QuotedFixed(bidQty, spec.QuantityPrecision);
        w.Raw(",\"a\":"u8);
        w.QuotedFixed(ask, spec.PricePrecision);
        w.Raw(",\"A\":"u8);
        w.QuotedFixed(askQty, spec.QuantityPrecision);
        w.Raw(",\"T\":"u8);
        w.Int(time);
        w.Raw(",\"E\":"u8);
        w.Int(eventTime);
        w.Byte((byte)'}');
    }

    /// <summary><c>{"e":"kline","E","s","ps","k":{...}}</c>; in k, v/V are contracts and q/Q base-asset volume.</summary>
    public void Kline(PayloadWriter w, SymbolSpec spec, long eventTime, Candle c, bool closed)
    {
        w.Raw("{\"e\":\"kline\",\"E\":"u8);
        w.Int(eventTime);
        MarketPayloads.Symbol(w, spec);
        Pair(w, spec);
        w.Raw(",\"k\":{\"t\":"u8);
        w.Int(c.OpenTime);
        w.Raw(",\"T\":"u8);
        w.Int(c.CloseTime);
        MarketPayloads.Symbol(w, spec);
        w.Raw(",\"i\":\"1m\",\"f\":"u8);
        w.Int(c.FirstTradeId);
        w.Raw(",\"L\":"u8);
        w.Int(c.LastTradeId);
        w.Raw(",\"o\":"u8);
        w.QuotedFixed(c.Open, spec.PricePrecision);
        w.Raw(",\"c\":"u8);
        w.QuotedFixed(c.Close, spec.PricePrecision);
        w.Raw(",\"h\":"u8);
        w.QuotedFixed(c.High, spec.PricePrecision);
        w.Raw(",\"l\":"u8);
        w.QuotedFixed(c.Low, spec.PricePrecision);
        w.Raw(",\"v\":"u8);
        w.QuotedFixed(c.Volume, spec.QuantityPrecision);
        w.Raw(",\"n\":"u8);
        w.Int(c.TradeCount);
        w.Raw(",\"x\":"u8);
        w.Bool(closed);
        w.Raw(",\"q\":"u8);
        w.QuotedFixed(c.BaseVolume8, 8);
        w.Raw(",\"V\":"u8);
        w.QuotedFixed(c.TakerBuyVolume, spec.QuantityPrecision);
        w.Raw(",\"Q\":"u8);
        w.QuotedFixed(c.TakerBuyBaseVolume8, 8);
        w.Raw(",\"B\":\"0\"}}"u8);
    }

    /// <summary><c>{"e":"markPriceUpdate","E","s","p","P","r","T"}</c>: no index price on COIN-M.</summary>
    public void MarkPrice(PayloadWriter w, SymbolSpec spec, long eventTime, long mark8, long index8, long settle8, long funding8, long nextFunding)
    {
        w.Raw("{\"e\":\"markPriceUpdate\",\"E\":"u8);
        w.Int(eventTime);
        MarketPayloads.Symbol(w, spec);
        w.Raw(",\"p\":"u8);
        w.QuotedFixed(mark8, 8);
        w.Raw(",\"P\":"u8);
        w.QuotedFixed(settle8, 8);
        w.Raw(",\"r\":"u8);
        w.QuotedFixed(funding8, 8);
        w.Raw(",\"T\":"u8);
        w.Int(nextFunding);
        w.Byte((byte)'}');
    }

    /// <summary><c>{"e":"forceOrder","E","o":{"s","ps","S","o","f","q","p","ap","X","l","z","T"}}</c>.</summary>
    public void ForceOrder(PayloadWriter w, SymbolSpec spec, long eventTime, bool sell, long quantity, long price, long averagePrice, long lastFilled, long time)
    {
        w.Raw("{\"e\":\"forceOrder\",\"E\":"u8);
        w.Int(eventTime);
        w.Raw(",\"o\":{\"s\":\""u8);
        w.Raw(spec.SymbolUtf8);
        w.Raw("\",\"ps\":\""u8);
        w.Raw(spec.PairUtf8);
        w.Raw(sell ? "\",\"S\":\"SELL\""u8 : "\",\"S\":\"BUY\""u8);
        w.Raw(",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":"u8);
        w.QuotedFixed(quantity, spec.QuantityPrecision);
        w.Raw(",\"p\":"u8);
        w.QuotedFixed(price, spec.PricePrecision);
        w.Raw(",\"ap\":"u8);
        w.QuotedFixed(averagePrice, spec.PricePrecision);
        w.Raw(",\"X\":\"FILLED\",\"l\":"u8);
        w.QuotedFixed(lastFilled, spec.QuantityPrecision);
        w.Raw(",\"z\":"u8);
        w.QuotedFixed(quantity, spec.QuantityPrecision);
        w.Raw(",\"T\":"u8);
        w.Int(time);
        w.Raw("}}"u8);
    }

    /// <summary>REST <c>/dapi/v1/depth</c>: <c>{"lastUpdateId","symbol","pair","E","T","bids","asks"}</c>.</summary>
    public void DepthSnapshot(PayloadWriter w, SymbolSpec spec, in DepthSnapshot s)
    {
        w.Raw("{\"lastUpdateId\":"u8);
        w.Int(s.LastUpdateId);
        w.Raw(",\"symbol\":\""u8);
        w.Raw(spec.SymbolUtf8);
        w.Raw("\",\"pair\":\""u8);
        w.Raw(spec.PairUtf8);
        w.Raw("\",\"E\":"u8);
        w.Int(s.EventTime);
        w.Raw(",\"T\":"u8);
        w.Int(s.TransactionTime);
        w.Raw(",\"bids\":"u8);
        MarketPayloads.Levels(w, spec, s.BidPrices, s.BidQuantities);
        w.Raw(",\"asks\":"u8);
        MarketPayloads.Levels(w, spec, s.AskPrices, s.AskQuantities);
        w.Byte((byte)'}');
    }

    /// <summary>REST <c>/dapi/v1/aggTrades</c>: as USD-M.</summary>
    public void AggTrades(PayloadWriter w, SymbolSpec spec, IReadOnlyList<AggTradeRecord> trades) => MarketPayloads.AggTrades(w, spec, trades);

    /// <summary>REST <c>/dapi/v1/klines</c>: <c>[[t,"o","h","l","c","v",T,"baseVolume",n,"V","takerBuyBaseVolume","0"]]</c>.</summary>
    public void Klines(PayloadWriter w, SymbolSpec spec, IReadOnlyList<Candle> candles)
    {
        w.Byte((byte)'[');
        for (var i = 0; i < candles.Count; i++)
        {
            var c = candles[i];
            w.Raw(i == 0 ? "["u8 : ",["u8);
            w.Int(c.OpenTime);
            w.Byte((byte)',');
            w.QuotedFixed(c.Open, spec.PricePrecision);
            w.Byte((byte)',');
            w.QuotedFixed(c.High, spec.PricePrecision);
            w.Byte((byte)',');
            w.QuotedFixed(c.Low, spec.PricePrecision);
            w.Byte((byte)',');
            w.QuotedFixed(c.Close, spec.PricePrecision);
            w.Byte((byte)',');
            w.QuotedFixed(c.Volume, spec.QuantityPrecision);
            w.Byte((byte)',');
            w.Int(c.CloseTime);
            w.Byte((byte)',');
            w.QuotedFixed(c.BaseVolume8, 8);
            w.Byte((byte)',');
            w.Int(c.TradeCount);
            w.Byte((byte)',');
            w.QuotedFixed(c.TakerBuyVolume, spec.QuantityPrecision);
            w.Byte((byte)',');
            w.QuotedFixed(c.TakerBuyBaseVolume8, 8);
            w.Raw(",\"0\"]"u8);
        }

        w.Byte((byte)']');
    }

    private static void Pair(PayloadWriter w, SymbolSpec spec)
    {
        w.Raw(",\"ps\":\""u8);
        w.Raw(spec.PairUtf8);
        w.Byte((byte)'"');
    }
}

using Streamer.Simulator.Market;

namespace Streamer.Simulator.Wire;

/// <summary>
/// The USD-M payloads, field for field and in Binance's order (checked against the captures in
/// fixtures/binance). Prices and quantities are decimal strings at the symbol's precision, times
/// are milliseconds.
/// </summary>
internal static class MarketPayloads
{
    /// <summary><c>{"e":"aggTrade","E","a","s","p","q","f","l","T","m"}</c> — futures has no "M".</summary>
    public static void AggTrade(PayloadWriter w, SymbolSpec spec, long eventTime, in AggTradeRecord t)
    {
        w.Raw("{\"e\":\"aggTrade\",\"E\":"u8);
        w.Int(eventTime);
        w.Raw(",\"a\":"u8);
        w.Int(t.Id);
        Symbol(w, spec);
        AggTradeFields(w, spec, t);
        w.Byte((byte)'}');
    }

    /// <summary>The fields an aggTrade has both on the stream and in <c>/fapi/v1/aggTrades</c>: p, q, f, l, T, m.</summary>
    internal static void AggTradeFields(PayloadWriter w, SymbolSpec spec, in AggTradeRecord t)
    {
        w.Raw(",\"p\":"u8);
        w.QuotedFixed(t.Price, spec.PricePrecision);
        w.Raw(",\"q\":"u8);
        w.QuotedFixed(t.Quantity, spec.QuantityPrecision);
        w.Raw(",\"f\":"u8);
        w.Int(t.FirstTradeId);
        w.Raw(",\"l\":"u8);
        w.Int(t.LastTradeId);
        w.Raw(",\"T\":"u8);
        w.Int(t.Time);
        w.Raw(",\"m\":"u8);
        w.Bool(t.BuyerMaker);
    }

    /// <summary><c>{"e":"trade","E","T","s","t","p","q","X","m"}</c>.</summary>
    public static void Trade(PayloadWriter w, SymbolSpec spec, long eventTime, long time, long id, long price, long quantity, bool buyerMaker)
    {
        w.Raw("{\"e\":\"trade\",\"E\":"u8);
        w.Int(eventTime);
        w.Raw(",\"T\":"u8);
        w.Int(time);
        Symbol(w, spec);
        w.Raw(",\"t\":"u8);
        w.Int(id);
        w.Raw(",\"p\":"u8);
        w.QuotedFixed(price, spec.PricePrecision);
        w.Raw(",\"q\":"u8);
        w.QuotedFixed(quantity, spec.QuantityPrecision);
        w.Raw(",\"X\":\"MARKET\",\"m\":"u8);
        w.Bool(buyerMaker);
        w.Byte((byte)'}');
    }

    /// <summary><c>{"e":"depthUpdate","E","T","s","U","u","pu","b":[[p,q]..],"a":[[p,q]..]}</c>, levels in ascending price.</summary>
    public static void DepthUpdate(
        PayloadWriter w, SymbolSpec spec, long eventTime, long time, long first, long last, long previous,
        ReadOnlySpan<long> bidPrices, ReadOnlySpan<long> bidQuantities, ReadOnlySpan<long> askPrices, ReadOnlySpan<long> askQuantities)
    {
        w.Raw("{\"e\":\"depthUpdate\",\"E\":"u8);
        w.Int(eventTime);
        w.Raw(",\"T\":"u8);
        w.Int(time);
        Symbol(w, spec);
        w.Raw(",\"U\":"u8);
        w.Int(first);
        w.Raw(",\"u\":"u8);
        w.Int(last);
        w.Raw(",\"pu\":"u8);
        w.Int(previous);
        w.Raw(",\"b\":"u8);
        Levels(w, spec, bidPrices, bidQuantities);
        w.Raw(",\"a\":"u8);
        Levels(w, spec, askPrices, askQuantities);
        w.Byte((byte)'}');
    }

    /// <summary><c>{"e":"bookTicker","u","s","b","B","a","A","T","E"}</c>.</summary>
    public static void BookTicker(PayloadWriter w, SymbolSpec spec, long updateId, long bid, long bidQty, long ask, long askQty, long time, long eventTime)
    {
        w.Raw("{\"e\":\"bookTicker\",\"u\":"u8);
        w.Int(updateId);
        Symbol(w, spec);
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

    /// <summary><c>{"e":"kline","E","s","k":{"t","T","s","i","f","L","o","c","h","l","v","n","x","q","V","Q","B"}}</c>.</summary>
    public static void Kline(PayloadWriter w, SymbolSpec spec, long eventTime, Candle c, bool closed)
    {
        w.Raw("{\"e\":\"kline\",\"E\":"u8);
        w.Int(eventTime);
        Symbol(w, spec);
        w.Raw(",\"k\":{\"t\":"u8);
        w.Int(c.OpenTime);
        w.Raw(",\"T\":"u8);
        w.Int(c.CloseTime);
        Symbol(w, spec);
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
        w.QuotedFixed(c.QuoteVolume, spec.PricePrecision + spec.QuantityPrecision);
        w.Raw(",\"V\":"u8);
        w.QuotedFixed(c.TakerBuyVolume, spec.QuantityPrecision);
        w.Raw(",\"Q\":"u8);
        w.QuotedFixed(c.TakerBuyQuoteVolume, spec.PricePrecision + spec.QuantityPrecision);
        w.Raw(",\"B\":\"0\"}}"u8);
    }

    /// <summary><c>{"e":"markPriceUpdate","E","s","p","i","P","r","T"}</c>; prices with 8 decimals like Binance.</summary>
    public static void MarkPrice(PayloadWriter w, SymbolSpec spec, long eventTime, long mark8, long index8, long settle8, long funding8, long nextFunding)
    {
        w.Raw("{\"e\":\"markPriceUpdate\",\"E\":"u8);
        w.Int(eventTime);
        Symbol(w, spec);
        w.Raw(",\"p\":"u8);
        w.QuotedFixed(mark8, 8);
        w.Raw(",\"i\":"u8);
        w.QuotedFixed(index8, 8);
        w.Raw(",\"P\":"u8);
        w.QuotedFixed(settle8, 8);
        w.Raw(",\"r\":"u8);
        w.QuotedFixed(funding8, 8);
        w.Raw(",\"T\":"u8);
        w.Int(nextFunding);
        w.Byte((byte)'}');
    }

    /// <summary><c>{"e":"forceOrder","E","o":{"s","S","o","f","q","p","ap","X","l","z","T"}}</c> as in the real message.</summary>
    public static void ForceOrder(
        PayloadWriter w, SymbolSpec spec, long eventTime, bool sell, long quantity, long price, long averagePrice, long lastFilled, long time)
    {
        w.Raw("{\"e\":\"forceOrder\",\"E\":"u8);
        w.Int(eventTime);
        w.Raw(",\"o\":{\"s\":\""u8);
        w.Raw(spec.SymbolUtf8);
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

    /// <summary>REST <c>/fapi/v1/depth</c>: bids from the best down, asks from the best up.</summary>
    public static void DepthSnapshot(PayloadWriter w, SymbolSpec spec, in DepthSnapshot s)
    {
        w.Raw("{\"lastUpdateId\":"u8);
        w.Int(s.LastUpdateId);
        w.Raw(",\"E\":"u8);
        w.Int(s.EventTime);
        w.Raw(",\"T\":"u8);
        w.Int(s.TransactionTime);
        w.Raw(",\"bids\":"u8);
        Levels(w, spec, s.BidPrices, s.BidQuantities);
        w.Raw(",\"asks\":"u8);
        Levels(w, spec, s.AskPrices, s.AskQuantities);
        w.Byte((byte)'}');
    }

    /// <summary>REST <c>/fapi/v1/aggTrades</c>: <c>[{"a","p","q","f","l","T","m"}]</c>.</summary>
    public static void AggTrades(PayloadWriter w, SymbolSpec spec, IReadOnlyList<AggTradeRecord> trades)
    {
        w.Byte((byte)'[');
        for (var i = 0; i < trades.Count; i++)
        {
            var t = trades[i];
            w.Raw(i == 0 ? "{\"a\":"u8 : ",{\"a\":"u8);
            w.Int(t.Id);
            AggTradeFields(w, spec, t);
            w.Byte((byte)'}');
        }

        w.Byte((byte)']');
    }

    /// <summary>REST <c>/fapi/v1/klines</c>: <c>[[t,"o","h","l","c","v",T,"q",n,"V","Q","0"]]</c>.</summary>
    public static void Klines(PayloadWriter w, SymbolSpec spec, IReadOnlyList<Candle> candles)
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
            w.QuotedFixed(c.QuoteVolume, spec.PricePrecision + spec.QuantityPrecision);
            w.Byte((byte)',');
            w.Int(c.TradeCount);
            w.Byte((byte)',');
            w.QuotedFixed(c.TakerBuyVolume, spec.QuantityPrecision);
            w.Byte((byte)',');
            w.QuotedFixed(c.TakerBuyQuoteVolume, spec.PricePrecision + spec.QuantityPrecision);
            w.Raw(",\"0\"]"u8);
        }

        w.Byte((byte)']');
    }

    internal static void Symbol(PayloadWriter w, SymbolSpec spec)
    {
        w.Raw(",\"s\":\""u8);
        w.Raw(spec.SymbolUtf8);
        w.Byte((byte)'"');
    }

    internal static void Levels(PayloadWriter w, SymbolSpec spec, ReadOnlySpan<long> prices, ReadOnlySpan<long> quantities)
    {
        w.Byte((byte)'[');
        for (var i = 0; i < prices.Length; i++)
        {
            w.Raw(i == 0 ? "["u8 : ",["u8);
            w.QuotedFixed(prices[i], spec.PricePrecision);
            w.Byte((byte)',');
            w.QuotedFixed(quantities[i], spec.QuantityPrecision);
            w.Byte((byte)']');
        }

        w.Byte((byte)']');
    }
}

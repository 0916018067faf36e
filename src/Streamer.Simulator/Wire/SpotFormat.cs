using Streamer.Simulator.Market;

namespace Streamer.Simulator.Wire;

/// <summary>
/// Spot (stream.binance.com, <c>/api/v3</c>): 8-decimal prices and quantities, aggTrade and trade with
/// <c>"M":true</c>, depthUpdate without <c>T</c> and <c>pu</c>, bookTicker without <c>e</c>, <c>E</c> and
/// <c>T</c>, a snapshot without <c>E</c>/<c>T</c>. No markPrice and no forceOrder exist on spot.
/// </summary>
internal sealed class SpotFormat : IMarketFormat
{
    public static readonly SpotFormat Instance = new();

    /// <summary><c>{"e":"aggTrade","E","s","a","p","q","f","l","T","m","M"}</c>.</summary>
    public void AggTrade(PayloadWriter w, SymbolSpec spec, long eventTime, in AggTradeRecord t)
    {
        w.Raw("{\"e\":\"aggTrade\",\"E\":"u8);
        w.Int(eventTime);
        MarketPayloads.Symbol(w, spec);
        w.Raw(",\"a\":"u8);
        w.Int(t.Id);
        MarketPayloads.AggTradeFields(w, spec, t);
        w.Raw(",\"M\":true}"u8);
    }

    /// <summary><c>{"e":"trade","E","s","t","p","q","T","m","M"}</c>.</summary>
    public void Trade(PayloadWriter w, SymbolSpec spec, long eventTime, long time, long id, long price, long quantity, bool buyerMaker)
    {
        w.Raw("{\"e\":\"trade\",\"E\":"u8);
        w.Int(eventTime);
        MarketPayloads.Symbol(w, spec);
        w.Raw(",\"t\":"u8);
        w.Int(id);
        w.Raw(",\"p\":"u8);
        w.QuotedFixed(price, spec.PricePrecision);
        w.Raw(",\"q\":"u8);
        w.QuotedFixed(quantity, spec.QuantityPrecision);
        w.Raw(",\"T\":"u8);
        w.Int(time);
        w.Raw(",\"m\":"u8);
        w.Bool(buyerMaker);
        w.Raw(",\"M\":true}"u8);
    }

    /// <summary><c>{"e":"depthUpdate","E","s","U","u","b","a"}</c>: spot ids are consecutive, there is no pu.</summary>
    public void DepthUpdate(
        PayloadWriter w, SymbolSpec spec, long eventTime, long time, long first, long last, long previous,
        ReadOnlySpan<long> bidPrices, ReadOnlySpan<long> bidQuantities, ReadOnlySpan<long> askPrices, ReadOnlySpan<long> askQuantities)
    {
        w.Raw("{\"e\":\"depthUpdate\",\"E\":"u8);
        w.Int(eventTime);
        MarketPayloads.Symbol(w, spec);
        w.Raw(",\"U\":"u8);
        w.Int(first);
        w.Raw(",\"u\":"u8);
        w.Int(last);
        w.Raw(",\"b\":"u8);
        MarketPayloads.Levels(w, spec, bidPrices, bidQuantities);
        w.Raw(",\"a\":"u8);
        MarketPayloads.Levels(w, spec, askPrices, askQuantities);
        w.Byte((byte)'}');
    }

    /// <summary><c>{"u","s","b","B","a","A"}</c>.</summary>
    public void BookTicker(PayloadWriter w, SymbolSpec spec, long updateId, long bid, long bidQty, long ask, long askQty, long time, long eventTime)
    {
        w.Raw("{\"u\":"u8);
        w.Int(updateId);
        MarketPayloads.Symbol(w, spec);
        w.Raw(",\"b\":"u8);
        w.QuotedFixed(bid, spec.PricePrecision);
        w.Raw(",\"B\":"u8);
        w.QuotedFixed(bidQty, spec.QuantityPrecision);
        w.Raw(",\"a\":"u8);
        w.QuotedFixed(ask, spec.PricePrecision);
        w.Raw(",\"A\":"u8);
        w.QuotedFixed(askQty, spec.QuantityPrecision);
        w.Byte((byte)'}');
    }

    /// <summary><c>{"e":"kline","E","s","k":{"t","T","s","i","f","L","o","c","h","l","v","n","x","q","V","Q","B"}}</c>.</summary>
    public void Kline(PayloadWriter w, SymbolSpec spec, long eventTime, Candle c, bool closed)
    {
        w.Raw("{\"e\":\"kline\",\"E\":"u8);
        w.Int(eventTime);
        MarketPayloads.Symbol(w, spec);
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
        Quote(w, spec, c.QuoteVolume);
        w.Raw(",\"V\":"u8);
        w.QuotedFixed(c.TakerBuyVolume, spec.QuantityPrecision);
        w.Raw(",\"Q\":"u8);
        Quote(w, spec, c.TakerBuyQuoteVolume);
        w.Raw(",\"B\":\"0\"}}"u8);
    }

    /// <summary>Spot has no mark price; never called.</summary>
    public void MarkPrice(PayloadWriter w, SymbolSpec spec, long eventTime, long mark8, long index8, long settle8, long funding8, long nextFunding) =>
        throw new NotSupportedException("spot has no markPrice stream");

    /// <summary>Spot has no liquidations; never called.</summary>
    public void ForceOrder(PayloadWriter w, SymbolSpec spec, long eventTime, bool sell, long quantity, long price, long averagePrice, long lastFilled, long time) =>
        throw new NotSupportedException("spot has no forceOrder stream");

    /// <summary>REST <c>/api/v3/depth</c>: <c>{"lastUpdateId","bids","asks"}</c>.</summary>
    public void DepthSnapshot(PayloadWriter w, SymbolSpec spec, in DepthSnapshot s)
    {
        w.Raw("{\"lastUpdateId\":"u8);
        w.Int(s.LastUpdateId);
        w.Raw(",\"bids\":"u8);
        MarketPayloads.Levels(w, spec, s.BidPrices, s.BidQuantities);
        w.Raw(",\"asks\":"u8);
        MarketPayloads.Levels(w, spec, s.AskPrices, s.AskQuantities);
        w.Byte((byte)'}');
    }

    /// <summary>REST <c>/api/v3/aggTrades</c>: <c>[{"a","p","q","f","l","T","m","M"}]</c>.</summary>
    public void AggTrades(PayloadWriter w, SymbolSpec spec, IReadOnlyList<AggTradeRecord> trades)
    {
        w.Byte((byte)'[');
        for (var i = 0; i < trades.Count; i++)
        {
            var t = trades[i];
            w.Raw(i == 0 ? "{\"a\":"u8 : ",{\"a\":"u8);
            w.Int(t.Id);
            MarketPayloads.AggTradeFields(w, spec, t);
            w.Raw(",\"M\":true}"u8);
        }

        w.Byte((byte)']');
    }

    /// <summary>REST <c>/api/v3/klines</c>: <c>[[t,"o","h","l","c","v",T,"q",n,"V","Q","0"]]</c>.</summary>
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
            Quote(w, spec, c.QuoteVolume);
            w.Byte((byte)',');
            w.Int(c.TradeCount);
            w.Byte((byte)',');
            w.QuotedFixed(c.TakerBuyVolume, spec.QuantityPrecision);
            w.Byte((byte)',');
            Quote(w, spec, c.TakerBuyQuoteVolume);
            w.Raw(",\"0\"]"u8);
        }

        w.Byte((byte)']');
    }

    /// <summary>A quote volume (units of 10^-(pp+qp)) with spot's 8 decimals.</summary>
    private static void Quote(PayloadWriter w, SymbolSpec spec, Int128 units)
    {
        var decimals = spec.PricePrecision + spec.QuantityPrecision;
        w.QuotedFixed(decimals >= 8 ? units / Pow10(decimals - 8) : units * Pow10(8 - decimals), 8);
    }

    private static Int128 Pow10(int n)
    {
        Int128 result = 1;
        for (var i = 0; i < n; i++)
        {
            result *= 10;
        }

        return result;
    }
}

using Streamer.Simulator.Market;
using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Rest;

/// <summary><c>/api/v3/exchangeInfo</c>: spot pairs with <c>status</c>, assets and 8-decimal filters.</summary>
internal static class SpotExchangeInfo
{
    public static ExchangeInfo Build(SymbolCatalog catalog, int weightLimit)
    {
        var w = new PayloadWriter(64 * 1024);
        w.Raw(",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":"u8);
        w.Int(weightLimit);
        w.Raw("},{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":100},"u8);
        w.Raw("{\"rateLimitType\":\"ORDERS\",\"interval\":\"DAY\",\"intervalNum\":1,\"limit\":200000},"u8);
        w.Raw("{\"rateLimitType\":\"RAW_REQUESTS\",\"interval\":\"MINUTE\",\"intervalNum\":5,\"limit\":61000}],\"exchangeFilters\":[],\"symbols\":["u8);
        var first = true;
        foreach (var s in catalog.Listed)
        {
            if (!first)
            {
                w.Byte((byte)',');
            }

            first = false;
            w.Raw("{\"symbol\":"u8);
            w.QuotedString(s.Symbol);
            w.Raw(",\"status\":\"TRADING\",\"baseAsset\":"u8);
            w.QuotedString(s.BaseAsset);
            w.Raw(",\"baseAssetPrecision\":8,\"quoteAsset\":"u8);
            w.QuotedString(s.QuoteAsset);
            w.Raw(",\"quotePrecision\":8,\"quoteAssetPrecision\":8,\"baseCommissionPrecision\":8,\"quoteCommissionPrecision\":8,"u8);
            w.Raw("\"orderTypes\":[\"LIMIT\",\"LIMIT_MAKER\",\"MARKET\",\"STOP_LOSS_LIMIT\",\"TAKE_PROFIT_LIMIT\"],"u8);
            w.Raw("\"icebergAllowed\":true,\"ocoAllowed\":true,\"isSpotTradingAllowed\":true,\"isMarginTradingAllowed\":true,"u8);
            w.Raw("\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":"u8);
            w.QuotedFixed(s.TickUnits, s.PricePrecision);
            w.Raw(",\"maxPrice\":"u8);
            w.QuotedFixed(s.ReferencePriceUnits * 100 / s.TickUnits * s.TickUnits, s.PricePrecision);
            w.Raw(",\"tickSize\":"u8);
            w.QuotedFixed(s.TickUnits, s.PricePrecision);
            w.Raw("},{\"filterType\":\"LOT_SIZE\",\"minQty\":"u8);
            w.QuotedFixed(s.StepUnits, s.QuantityPrecision);
            w.Raw(",\"maxQty\":"u8);
            w.QuotedFixed(s.TypicalQuantityUnits * 5000 / s.StepUnits * s.StepUnits, s.QuantityPrecision);
            w.Raw(",\"stepSize\":"u8);
            w.QuotedFixed(s.StepUnits, s.QuantityPrecision);
            w.Raw("}],\"permissions\":[],\"defaultSelfTradePreventionMode\":\"EXPIRE_MAKER\"}"u8);
        }

        w.Raw("]}"u8);
        return new ExchangeInfo(w.ToArray());
    }
}

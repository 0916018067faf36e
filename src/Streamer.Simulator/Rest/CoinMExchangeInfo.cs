using Streamer.Simulator.Market;
using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Rest;

/// <summary>
/// <c>/dapi/v1/exchangeInfo</c>: COIN-M contracts carry <c>pair</c>, <c>contractSize</c> and
/// <c>contractStatus</c> (there is no <c>status</c> field), margined in the base asset.
/// </summary>
internal static class CoinMExchangeInfo
{
    public static ExchangeInfo Build(SymbolCatalog catalog, int weightLimit)
    {
        var w = new PayloadWriter(64 * 1024);
        w.Raw(",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":"u8);
        w.Int(weightLimit);
        w.Raw("},{\"rateLimitType\":\"ORDERS\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":1200}],\"exchangeFilters\":[],\"symbols\":["u8);
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
            w.Raw(",\"pair\":"u8);
            w.QuotedString(s.Pair);
            w.Raw(",\"contractType\":\"PERPETUAL\",\"deliveryDate\":4133404800000,\"onboardDate\":1597042800000,\"contractStatus\":\"TRADING\",\"contractSize\":"u8);
            w.Int(s.ContractSize);
            w.Raw(",\"marginAsset\":"u8);
            w.QuotedString(s.BaseAsset);
            w.Raw(",\"maintMarginPercent\":\"2.5000\",\"requiredMarginPercent\":\"5.0000\",\"baseAsset\":"u8);
            w.QuotedString(s.BaseAsset);
            w.Raw(",\"quoteAsset\":"u8);
            w.QuotedString(s.QuoteAsset);
            w.Raw(",\"pricePrecision\":"u8);
            w.Int(s.PricePrecision);
            w.Raw(",\"quantityPrecision\":"u8);
            w.Int(s.QuantityPrecision);
            w.Raw(",\"baseAssetPrecision\":8,\"quotePrecision\":8,\"equalQtyPrecision\":4,\"triggerProtect\":\"0.0500\",\"underlyingType\":\"COIN\",\"underlyingSubType\":[],"u8);
            w.Raw("\"liquidationFee\":\"0.010000\",\"marketTakeBound\":\"0.05\",\"filters\":[{\"minPrice\":"u8);
            w.QuotedFixed(s.TickUnits, s.PricePrecision);
            w.Raw(",\"maxPrice\":"u8);
            w.QuotedFixed(s.ReferencePriceUnits * 100 / s.TickUnits * s.TickUnits, s.PricePrecision);
            w.Raw(",\"filterType\":\"PRICE_FILTER\",\"tickSize\":"u8);
            w.QuotedFixed(s.TickUnits, s.PricePrecision);
            w.Raw("},{\"stepSize\":"u8);
            w.QuotedFixed(s.StepUnits, s.QuantityPrecision);
            w.Raw(",\"filterType\":\"LOT_SIZE\",\"maxQty\":\"1000000\",\"minQty\":"u8);
            w.QuotedFixed(s.StepUnits, s.QuantityPrecision);
            w.Raw("},{\"stepSize\":"u8);
            w.QuotedFixed(s.StepUnits, s.QuantityPrecision);
            w.Raw(",\"filterType\":\"MARKET_LOT_SIZE\",\"maxQty\":\"60000\",\"minQty\":"u8);
            w.QuotedFixed(s.StepUnits, s.QuantityPrecision);
            w.Raw("},{\"limit\":200,\"filterType\":\"MAX_NUM_ORDERS\"},{\"limit\":20,\"filterType\":\"MAX_NUM_ALGO_ORDERS\"},"u8);
            w.Raw("{\"multiplierDown\":\"0.9500\",\"multiplierUp\":\"1.0500\",\"multiplierDecimal\":\"4\",\"filterType\":\"PERCENT_PRICE\"}],"u8);
            w.Raw("\"orderTypes\":[\"LIMIT\",\"MARKET\",\"STOP\",\"STOP_MARKET\",\"TAKE_PROFIT\",\"TAKE_PROFIT_MARKET\",\"TRAILING_STOP_MARKET\"],"u8);
            w.Raw("\"timeInForce\":[\"GTC\",\"IOC\",\"FOK\",\"GTX\"]}"u8);
        }

        w.Raw("]}"u8);
        return new ExchangeInfo(w.ToArray());
    }
}

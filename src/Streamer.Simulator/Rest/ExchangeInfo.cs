using Streamer.Simulator.Market;
using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Rest;

/// <summary>
/// <c>/fapi/v1/exchangeInfo</c> in the real response's shape (COIN-M: <see cref="CoinMExchangeInfo"/>, spot: <see cref="SpotExchangeInfo"/>). Everything but serverTime is fixed,
/// so the symbol list is formatted once.
/// </summary>
internal sealed class ExchangeInfo
{
    private readonly byte[] _afterServerTime;

    /// <summary>A prebuilt answer: everything after <c>serverTime</c>, from <c>,"...</c> to the closing brace.</summary>
    public ExchangeInfo(byte[] afterServerTime) => _afterServerTime = afterServerTime;

    public ExchangeInfo(SymbolCatalog catalog, int weightLimit)
    {
        var w = new PayloadWriter(512 * 1024);
        w.Raw(",\"futuresType\":\"U_MARGINED\",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":"u8);
        w.Int(weightLimit);
        w.Raw("},{\"rateLimitType\":\"ORDERS\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":1200},{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":300}],"u8);
        w.Raw("\"exchangeFilters\":[],\"assets\":[{\"asset\":\"USDT\",\"marginAvailable\":true,\"autoAssetExchange\":\"-10000\"}],\"symbols\":["u8);
        var first = true;
        foreach (var spec in catalog.Listed)
        {
            if (!first)
            {
                w.Byte((byte)',');
            }

            first = false;
            Symbol(w, spec);
        }

        w.Raw("]}"u8);
        _afterServerTime = w.ToArray();
    }

    public byte[] Render(long serverTime)
    {
        var w = new PayloadWriter(_afterServerTime.Length + 64);
        w.Raw("{\"timezone\":\"UTC\",\"serverTime\":"u8);
        w.Int(serverTime);
        w.Raw(_afterServerTime);
        return w.ToArray();
    }

    private static void Symbol(PayloadWriter w, SymbolSpec s)
    {
        w.Raw("{\"symbol\":"u8);
        w.QuotedString(s.Symbol);
        w.Raw(",\"pair\":"u8);
        w.QuotedString(s.Symbol);
        w.Raw(",\"contractType\":\"PERPETUAL\",\"deliveryDate\":4133404800000,\"onboardDate\":1569398400000,\"status\":\"TRADING\","u8);
        w.Raw("\"maintMarginPercent\":\"2.5000\",\"requiredMarginPercent\":\"5.0000\",\"baseAsset\":"u8);
        w.QuotedString(s.BaseAsset);
        w.Raw(",\"quoteAsset\":\"USDT\",\"marginAsset\":\"USDT\",\"pricePrecision\":"u8);
        w.Int(s.PricePrecision);
        w.Raw(",\"quantityPrecision\":"u8);
        w.Int(s.QuantityPrecision);
        w.Raw(",\"baseAssetPrecision\":8,\"quotePrecision\":8,\"underlyingType\":\"COIN\",\"underlyingSubType\":[],\"settlePlan\":0,"u8);
        w.Raw("\"triggerProtect\":\"0.0500\",\"liquidationFee\":\"0.012500\",\"marketTakeBound\":\"0.05\",\"filters\":["u8);
        w.Raw("{\"minPrice\":"u8);
        w.QuotedFixed(s.TickUnits, s.PricePrecision);
        w.Raw(",\"maxPrice\":"u8);
        w.QuotedFixed(s.ReferencePriceUnits * 100 / s.TickUnits * s.TickUnits, s.PricePrecision);
        w.Raw(",\"filterType\":\"PRICE_FILTER\",\"tickSize\":"u8);
        w.QuotedFixed(s.TickUnits, s.PricePrecision);
        w.Raw("},{\"stepSize\":"u8);
        w.QuotedFixed(s.StepUnits, s.QuantityPrecision);
        w.Raw(",\"filterType\":\"LOT_SIZE\",\"maxQty\":"u8);
        w.QuotedFixed(s.TypicalQuantityUnits * 5000 / s.StepUnits * s.StepUnits, s.QuantityPrecision);
        w.Raw(",\"minQty\":"u8);
        w.QuotedFixed(s.StepUnits, s.QuantityPrecision);
        w.Raw("},{\"stepSize\":"u8);
        w.QuotedFixed(s.StepUnits, s.QuantityPrecision);
        w.Raw(",\"filterType\":\"MARKET_LOT_SIZE\",\"maxQty\":"u8);
        w.QuotedFixed(s.TypicalQuantityUnits * 500 / s.StepUnits * s.StepUnits, s.QuantityPrecision);
        w.Raw(",\"minQty\":"u8);
        w.QuotedFixed(s.StepUnits, s.QuantityPrecision);
        w.Raw("},{\"limit\":200,\"filterType\":\"MAX_NUM_ORDERS\"},{\"limit\":10,\"filterType\":\"MAX_NUM_ALGO_ORDERS\"},"u8);
        w.Raw("{\"notional\":\"5\",\"filterType\":\"MIN_NOTIONAL\"},"u8);
        w.Raw("{\"multiplierDown\":\"0.9500\",\"multiplierUp\":\"1.0500\",\"multiplierDecimal\":\"4\",\"filterType\":\"PERCENT_PRICE\"}],"u8);
        w.Raw("\"orderTypes\":[\"LIMIT\",\"MARKET\",\"STOP\",\"STOP_MARKET\",\"TAKE_PROFIT\",\"TAKE_PROFIT_MARKET\",\"TRAILING_STOP_MARKET\"],"u8);
        w.Raw("\"timeInForce\":[\"GTC\",\"IOC\",\"FOK\",\"GTX\"]}"u8);
    }
}

using System.Text;
using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Market;

/// <summary>
/// One contract as exchangeInfo describes it. Prices are integers of 10^-PricePrecision (BTCUSDT:
/// precision 2, tick 10 units = "0.10"), quantities integers of 10^-QuantityPrecision.
/// </summary>
internal sealed class SymbolSpec
{
    /// <param name="contractSize">COIN-M: USD per contract (quantities are contracts); 0 for USD-M and spot.</param>
    /// <param name="quoteAsset">The quote asset when the symbol does not end in USDT (spot pairs).</param>
    public SymbolSpec(
        string symbol, double referencePrice, int pricePrecision, long tickUnits, int quantityPrecision, long stepUnits,
        int contractSize = 0, string? quoteAsset = null)
    {
        Symbol = symbol;
        Lower = symbol.ToLowerInvariant();
        ContractSize = contractSize;
        // COIN-M: BTCUSD_PERP is the perpetual of pair BTCUSD, base BTC, quote USD.
        Pair = contractSize > 0 && symbol.Contains('_', StringComparison.Ordinal) ? symbol[..symbol.IndexOf('_', StringComparison.Ordinal)] : symbol;
        QuoteAsset = quoteAsset ?? (contractSize > 0 ? "USD" : "USDT");
        BaseAsset = Pair.EndsWith(QuoteAsset, StringComparison.Ordinal) && Pair.Length > QuoteAsset.Length ? Pair[..^QuoteAsset.Length] : Pair;
        PricePrecision = pricePrecision;
        TickUnits = tickUnits;
        QuantityPrecision = quantityPrecision;
        StepUnits = stepUnits;
        ReferencePrice = referencePrice;
        ReferencePriceUnits = FixedPoint.ToUnits(referencePrice, pricePrecision, tickUnits);
        // A typical resting order is worth about 2,000 USDT (COIN-M: USD of contracts), at least one lot.
        TypicalQuantityUnits = contractSize > 0
            ? FixedPoint.ToUnits(2000.0 / contractSize, quantityPrecision, stepUnits)
            : FixedPoint.ToUnits(2000.0 / referencePrice, quantityPrecision, stepUnits);
        SymbolUtf8 = Encoding.ASCII.GetBytes(symbol);
        PairUtf8 = Encoding.ASCII.GetBytes(Pair);
    }

    /// <summary>COIN-M: USD per contract; 0 for markets quoted in the base asset's units.</summary>
    public int ContractSize { get; }

    /// <summary>COIN-M pair (<c>BTCUSD</c> of <c>BTCUSD_PERP</c>); the symbol itself elsewhere.</summary>
    public string Pair { get; }

    public byte[] PairUtf8 { get; }

    public string QuoteAsset { get; }

    /// <summary>
    /// COIN-M: the base-asset amount of <paramref name="contracts"/> at <paramref name="priceUnits"/>, in
    /// 10^-8 units (contracts × contract size / price), which klines report as their volume in coins.
    /// </summary>
    public long BaseUnits8(long contracts, long priceUnits) =>
        priceUnits <= 0 ? 0 : (long)((Int128)contracts * ContractSize * FixedPoint.Pow10[PricePrecision] * 100_000_000 / priceUnits);

    public string Symbol { get; }

    /// <summary>The symbol as it appears in stream names.</summary>
    public string Lower { get; }

    public string BaseAsset { get; }

    public int PricePrecision { get; }

    public long TickUnits { get; }

    public int QuantityPrecision { get; }

    public long StepUnits { get; }

    public double ReferencePrice { get; }

    public long ReferencePriceUnits { get; }

    public long TypicalQuantityUnits { get; }

    public byte[] SymbolUtf8 { get; }

    public string TickSize => FixedPoint.Format(TickUnits, PricePrecision);

    public string StepSize => FixedPoint.Format(StepUnits, QuantityPrecision);

    public double ToPrice(long units) => units / (double)FixedPoint.Pow10[PricePrecision];
}

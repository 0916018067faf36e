using System.Text;
using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Market;

/// <summary>
/// One contract as exchangeInfo describes it. Prices are integers of 10^-PricePrecision (BTCUSDT:
/// precision 2, tick 10 units = "0.10"), quantities integers of 10^-QuantityPrecision.
/// </summary>
internal sealed class SymbolSpec
{
    public SymbolSpec(string symbol, double referencePrice, int pricePrecision, long tickUnits, int quantityPrecision, long stepUnits)
    {
        Symbol = symbol;
        Lower = symbol.ToLowerInvariant();
        BaseAsset = symbol.EndsWith("USDT", StringComparison.Ordinal) ? symbol[..^4] : symbol;
        PricePrecision = pricePrecision;
        TickUnits = tickUnits;
        QuantityPrecision = quantityPrecision;
        StepUnits = stepUnits;
        ReferencePrice = referencePrice;
        ReferencePriceUnits = FixedPoint.ToUnits(referencePrice, pricePrecision, tickUnits);
        // A typical resting order is worth about 2,000 USDT, at least one lot.
        TypicalQuantityUnits = FixedPoint.ToUnits(2000.0 / referencePrice, quantityPrecision, stepUnits);
        SymbolUtf8 = Encoding.ASCII.GetBytes(symbol);
    }

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

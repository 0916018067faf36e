namespace Streamer.Simulator.Market;

/// <summary>
/// Spot pairs: real ticks and lots; prices and quantities are sent with 8 decimals
/// (<c>"61602.01000000"</c>, <c>"0.00120000"</c>), so they live as units of 10^-8.
/// </summary>
internal static class SpotSymbols
{
    public const int Decimals = 8;

    private static readonly string[] Quotes = ["USDT", "USDC", "FDUSD", "BTC", "ETH", "BNB"];

    // symbol, reference price, tick decimals, step decimals
    private static readonly (string Symbol, double Price, int TickDecimals, int StepDecimals)[] Table =
    [
        ("BTCUSDT", 95000, 2, 5),
        ("ETHUSDT", 3300, 2, 4),
        ("BNBUSDT", 650, 2, 3),
        ("SOLUSDT", 180, 2, 3),
        ("XRPUSDT", 2.2, 4, 1),
        ("DOGEUSDT", 0.32, 5, 0),
        ("ADAUSDT", 0.9, 4, 1),
        ("TRXUSDT", 0.25, 4, 1),
        ("LTCUSDT", 100, 2, 3),
        ("LINKUSDT", 20, 2, 2),
        ("DOTUSDT", 6.5, 3, 2),
        ("AVAXUSDT", 35, 2, 2),
        ("BTCUSDC", 95000, 2, 5),
        ("ETHUSDC", 3300, 2, 4),
        ("BTCFDUSD", 95000, 2, 5),
    ];

    public static IEnumerable<SymbolSpec> Real => Table.Select(r => Spec(r.Symbol, r.Price, r.TickDecimals, r.StepDecimals));

    /// <summary>A simulated spot symbol in no table: price derived from its name, about five significant digits.</summary>
    public static SymbolSpec Generate(string symbol)
    {
        var rng = new Prng(Prng.SeedFor(0, "spot:" + symbol));
        var price = Math.Pow(10, -3 + (rng.NextDouble() * 5.7));
        var magnitude = (int)Math.Floor(Math.Log10(price));
        var tickDecimals = Math.Clamp(4 - magnitude, 1, 8);
        var stepDecimals = price switch { > 100 => 4, > 10 => 2, > 1 => 1, _ => 0 };
        return Spec(symbol, price, tickDecimals, stepDecimals);
    }

    private static SymbolSpec Spec(string symbol, double price, int tickDecimals, int stepDecimals)
    {
        var quote = Quotes.FirstOrDefault(q => symbol.Length > q.Length && symbol.EndsWith(q, StringComparison.Ordinal)) ?? "USDT";
        return new SymbolSpec(
            symbol, price, Decimals, Wire.FixedPoint.Pow10[Decimals - tickDecimals], Decimals, Wire.FixedPoint.Pow10[Decimals - stepDecimals],
            quoteAsset: quote);
    }
}

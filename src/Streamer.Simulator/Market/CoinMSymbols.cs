namespace Streamer.Simulator.Market;

/// <summary>
/// COIN-M perpetuals (<c>BTCUSD_PERP</c>, pair <c>BTCUSD</c>): real ticks, quantities in whole contracts
/// (lot 1) of 100 USD (BTC) or 10 USD (the others).
/// </summary>
internal static class CoinMSymbols
{
    // symbol, reference price, pricePrecision, tick (units of 10^-pricePrecision), contract size (USD)
    private static readonly (string Symbol, double Price, int Pp, long Tick, int Contract)[] Table =
    [
        ("BTCUSD_PERP", 95000, 1, 1, 100),
        ("ETHUSD_PERP", 3300, 2, 1, 10),
        ("BNBUSD_PERP", 650, 3, 10, 10),
        ("SOLUSD_PERP", 180, 3, 10, 10),
        ("XRPUSD_PERP", 2.2, 4, 1, 10),
        ("DOGEUSD_PERP", 0.32, 6, 10, 10),
        ("ADAUSD_PERP", 0.9, 5, 10, 10),
        ("TRXUSD_PERP", 0.25, 5, 1, 10),
        ("LTCUSD_PERP", 100, 2, 1, 10),
        ("LINKUSD_PERP", 20, 3, 1, 10),
        ("DOTUSD_PERP", 6.5, 3, 1, 10),
        ("BCHUSD_PERP", 450, 2, 1, 10),
        ("ETCUSD_PERP", 25, 3, 1, 10),
        ("AVAXUSD_PERP", 35, 3, 10, 10),
        ("FILUSD_PERP", 5, 3, 1, 10),
        ("ATOMUSD_PERP", 6, 3, 1, 10),
    ];

    public static IEnumerable<SymbolSpec> Real => Table.Select(r => new SymbolSpec(r.Symbol, r.Price, r.Pp, r.Tick, 0, 1, r.Contract));

    /// <summary>A simulated COIN-M symbol in no table: a price derived from its name, 10 USD contracts.</summary>
    public static SymbolSpec Generate(string symbol)
    {
        var rng = new Prng(Prng.SeedFor(0, "cm:" + symbol));
        var price = Math.Pow(10, -1 + (rng.NextDouble() * 3.5));
        var pricePrecision = Math.Clamp(4 - (int)Math.Floor(Math.Log10(price)), 1, 7);
        return new SymbolSpec(symbol, price, pricePrecision, 1, 0, 1, 10);
    }
}

namespace Streamer.Simulator.Market;

/// <summary>
/// The contracts exchangeInfo lists: a table of real USD-M perpetuals with realistic prices, ticks
/// and lots, padded with generated names to about 300 like the real list. The padding uses a fixed
/// seed, not the run's, so the list never changes between runs.
/// </summary>
internal sealed class SymbolCatalog
{
    public const int ListedCount = 300;

    // symbol, reference price, pricePrecision, tick (units of 10^-pricePrecision), quantityPrecision, step (units)
    private static readonly (string Symbol, double Price, int Pp, long Tick, int Qp, long Step)[] Real =
    [
        ("BTCUSDT", 95000, 2, 10, 3, 1),
        ("ETHUSDT", 3300, 2, 1, 3, 1),
        ("BNBUSDT", 650, 3, 10, 2, 1),
        ("SOLUSDT", 180, 4, 100, 0, 1),
        ("XRPUSDT", 2.2, 4, 1, 1, 1),
        ("DOGEUSDT", 0.32, 6, 10, 0, 1),
        ("ADAUSDT", 0.9, 5, 10, 0, 1),
        ("TRXUSDT", 0.25, 5, 1, 0, 1),
        ("LTCUSDT", 100, 2, 1, 3, 1),
        ("LINKUSDT", 20, 3, 1, 2, 1),
        ("AVAXUSDT", 35, 4, 10, 0, 1),
        ("DOTUSDT", 6.5, 3, 1, 1, 1),
        ("BCHUSDT", 450, 2, 1, 3, 1),
        ("ETCUSDT", 25, 3, 1, 2, 1),
        ("XLMUSDT", 0.4, 5, 1, 0, 1),
        ("ATOMUSDT", 6, 3, 1, 2, 1),
        ("FILUSDT", 5, 3, 1, 1, 1),
        ("AAVEUSDT", 300, 3, 10, 1, 1),
        ("UNIUSDT", 12, 4, 10, 0, 1),
        ("NEARUSDT", 5, 4, 10, 0, 1),
        ("1000SHIBUSDT", 0.02, 6, 1, 0, 1),
        ("1000PEPEUSDT", 0.015, 7, 1, 0, 1),
        ("ARBUSDT", 0.8, 4, 1, 1, 1),
        ("OPUSDT", 1.8, 4, 1, 1, 1),
        ("SUIUSDT", 4, 4, 1, 1, 1),
        ("APTUSDT", 9, 4, 10, 1, 1),
        ("MKRUSDT", 1500, 2, 10, 3, 1),
        ("INJUSDT", 25, 4, 10, 1, 1),
        ("WLDUSDT", 2, 4, 1, 0, 1),
        ("TONUSDT", 5, 4, 1, 1, 1),
        ("ENAUSDT", 0.8, 4, 1, 0, 1),
        ("SUSHIUSDT", 1, 4, 1, 0, 1),
        ("CRVUSDT", 0.7, 4, 1, 1, 1),
        ("HBARUSDT", 0.3, 5, 1, 0, 1),
        ("ICPUSDT", 10, 3, 1, 2, 1),
    ];

    private readonly Dictionary<string, SymbolSpec> _bySymbol = new(StringComparer.Ordinal);
    private readonly List<SymbolSpec> _listed = [];

    private SymbolCatalog()
    {
    }

    public SymbolCatalog(IEnumerable<string> simulatedSymbols)
    {
        foreach (var r in Real)
        {
            Add(new SymbolSpec(r.Symbol, r.Price, r.Pp, r.Tick, r.Qp, r.Step));
        }

        var rng = new Prng(20260401);
        while (_listed.Count < ListedCount)
        {
            var name = GenerateName(rng);
            if (!_bySymbol.ContainsKey(name))
            {
                Add(Generate(name, rng));
            }
        }

        // A simulated symbol that is in no table still trades, with parameters derived from its name.
        foreach (var symbol in simulatedSymbols)
        {
            if (!_bySymbol.ContainsKey(symbol))
            {
                Add(Generate(symbol, new Prng(Prng.SeedFor(0, symbol))));
            }
        }
    }

    public IReadOnlyList<SymbolSpec> Listed => _listed;

    /// <summary>The catalog of one market: USD-M as above, COIN-M and spot from their own tables.</summary>
    public static SymbolCatalog For(SimMarket market, IEnumerable<string> simulatedSymbols) => market switch
    {
        SimMarket.CoinM => Build(CoinMSymbols.Real, simulatedSymbols, CoinMSymbols.Generate),
        SimMarket.Spot => Build(SpotSymbols.Real, simulatedSymbols, SpotSymbols.Generate),
        _ => new SymbolCatalog(simulatedSymbols),
    };

    private static SymbolCatalog Build(IEnumerable<SymbolSpec> real, IEnumerable<string> simulated, Func<string, SymbolSpec> generate)
    {
        var catalog = new SymbolCatalog();
        foreach (var spec in real)
        {
            catalog.Add(spec);
        }

        foreach (var symbol in simulated)
        {
            if (!catalog._bySymbol.ContainsKey(symbol))
            {
                catalog.Add(generate(symbol));
            }
        }

        return catalog;
    }

    public SymbolSpec? Find(string symbol) => _bySymbol.GetValueOrDefault(symbol);

    private void Add(SymbolSpec spec)
    {
        _bySymbol.Add(spec.Symbol, spec);
        _listed.Add(spec);
    }

    private static string GenerateName(Prng rng)
    {
        const string consonants = "BCDFGHJKLMNPRSTVWXZ";
        const string vowels = "AEIOUY";
        var length = 3 + rng.NextInt(3);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            var pool = i % 2 == 0 ? consonants : vowels;
            chars[i] = pool[rng.NextInt(pool.Length)];
        }

        return new string(chars) + "USDT";
    }

    private static SymbolSpec Generate(string symbol, Prng rng)
    {
        // Log-uniform price between 0.001 and 500; about five significant digits like real ticks.
        var price = Math.Pow(10, -3 + (rng.NextDouble() * 5.7));
        var magnitude = (int)Math.Floor(Math.Log10(price));
        var pricePrecision = Math.Clamp(4 - magnitude, 1, 7);
        var quantityPrecision = price switch { > 100 => 2, > 10 => 1, _ => 0 };
        return new SymbolSpec(symbol, price, pricePrecision, 1, quantityPrecision, 1);
    }
}

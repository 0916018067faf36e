using System.Globalization;

namespace Streamer.Simulator.Rest;

/// <summary>
/// One market's REST host: its path prefix, Binance's weights and limits. Each market is a host of its
/// own on Binance, so each has its own weight budget per IP (<see cref="WeightLimiter"/> per profile).
/// </summary>
internal sealed class RestProfile
{
    private static readonly int[] FuturesDepthLimits = [5, 10, 20, 50, 100, 500, 1000];

    private RestProfile(SimMarket market, string prefix, int exchangeInfoWeight, int aggTradesWeight, int maxKlines)
    {
        Market = market;
        Prefix = prefix;
        ExchangeInfoWeight = exchangeInfoWeight;
        AggTradesWeight = aggTradesWeight;
        MaxKlines = maxKlines;
    }

    /// <summary>USD-M, <c>fapi.binance.com</c>: limit 2400/min.</summary>
    public static RestProfile UsdM { get; } = new(SimMarket.UsdM, "/fapi/v1/", 1, 20, 1500);

    /// <summary>COIN-M, <c>dapi.binance.com</c>: limit 2400/min, weights as USD-M.</summary>
    public static RestProfile CoinM { get; } = new(SimMarket.CoinM, "/dapi/v1/", 1, 20, 1500);

    /// <summary>Spot, <c>api.binance.com</c>: limit 6000/min, depth up to 5000 levels.</summary>
    public static RestProfile Spot { get; } = new(SimMarket.Spot, "/api/v3/", 20, 4, 1000);

    public static IReadOnlyList<RestProfile> All { get; } = [UsdM, CoinM, Spot];

    public SimMarket Market { get; }

    /// <summary><c>/fapi/v1/</c>, <c>/dapi/v1/</c> or <c>/api/v3/</c>.</summary>
    public string Prefix { get; }

    public int ExchangeInfoWeight { get; }

    public int AggTradesWeight { get; }

    public int MaxKlines { get; }

    public int WeightLimit(SimulatorOptions options) => Market switch
    {
        SimMarket.CoinM => options.CoinMWeightLimitPerMinute,
        SimMarket.Spot => options.SpotWeightLimitPerMinute,
        _ => options.WeightLimitPerMinute,
    };

    /// <summary>The weight of a request to <paramref name="endpoint"/> (the path after the prefix).</summary>
    public int Weight(string endpoint, string? limit) => endpoint switch
    {
        "depth" => DepthWeight(limit),
        "aggTrades" => AggTradesWeight,
        "klines" => Market == SimMarket.Spot ? 2 : FuturesKlinesWeight(limit),
        "exchangeInfo" => ExchangeInfoWeight,
        _ => 1,
    };

    /// <summary>
    /// The number of levels a depth request gets, or false for a limit Binance refuses (-1130).
    /// Futures: one of 5, 10, 20, 50, 100, 500, 1000 (default 500). Spot: 1 to 5000, more is cut to 5000 (default 100).
    /// </summary>
    public bool TryDepthLimit(long? requested, out int levels)
    {
        if (Market == SimMarket.Spot)
        {
            levels = (int)Math.Min(requested ?? 100, 5000);
            return levels >= 1;
        }

        levels = (int)Math.Min(requested ?? 500, int.MaxValue);
        return Array.IndexOf(FuturesDepthLimits, levels) >= 0;
    }

    private int DepthWeight(string? limit)
    {
        var parsed = int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n);
        if (Market == SimMarket.Spot)
        {
            return (parsed ? n : 100) switch { <= 100 => 5, <= 500 => 25, <= 1000 => 50, _ => 250 };
        }

        return parsed ? n switch { <= 50 => 2, <= 100 => 5, <= 500 => 10, _ => 20 } : 10;
    }

    private static int FuturesKlinesWeight(string? limit) => int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
        ? n switch { < 100 => 1, < 500 => 2, <= 1000 => 5, _ => 10 }
        : 5;
}

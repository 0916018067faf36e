namespace Streamer.Core.Exchanges;

/// <summary>
/// The markets the recorder can record, by the id a symbol names under <c>exchange:</c> in config.yaml and that
/// names their folder under the data directory (<see cref="ExchangePaths"/>). Only the ids live here, in Core,
/// because the configuration and the file layout need them and cannot see the exchange implementations
/// (<c>Streamer.Binance/Exchanges</c>); a test there keeps both lists equal.
/// </summary>
public static class ExchangeIds
{
    /// <summary>Binance USD-M futures (fapi / fstream).</summary>
    public const string BinanceUsdM = "binance-um";

    /// <summary>Binance COIN-M futures (dapi / dstream).</summary>
    public const string BinanceCoinM = "binance-cm";

    /// <summary>Binance spot (api / stream).</summary>
    public const string BinanceSpot = "binance-spot";

    /// <summary>Bybit linear (USDT and USDC) perpetuals, v5 public WebSocket and REST.</summary>
    public const string BybitLinear = "bybit-linear";

    /// <summary>The exchange of a symbol that names none: what the recorder has always recorded.</summary>
    public const string Default = BinanceUsdM;

    /// <summary>Every id a configuration may name, in the order error messages list them.</summary>
    public static IReadOnlyList<string> Known { get; } = [BinanceUsdM, BinanceCoinM, BinanceSpot, BybitLinear];

    /// <summary>True when <paramref name="id"/> is one of <see cref="Known"/> (ids are lower-case, compared exactly).</summary>
    public static bool IsKnown(string id) => Known.Contains(id, StringComparer.Ordinal);
}

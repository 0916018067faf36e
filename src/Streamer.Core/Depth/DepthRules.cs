using Streamer.Core.Exchanges;

namespace Streamer.Core.Depth;

/// <summary>
/// The depth rule of each exchange id, for the code that reads depth without talking to the exchange (the order
/// book process, <c>streamer verify</c>): the worker gets the same rule from its <c>IExchange</c>, and a test keeps
/// both answers equal.
/// </summary>
public static class DepthRules
{
    /// <summary>The rule that chains <paramref name="exchange"/>'s depth diffs.</summary>
    /// <exception cref="ArgumentException">Not an id of <see cref="ExchangeIds.Known"/>.</exception>
    public static IDepthSequenceRule For(string exchange) => exchange switch
    {
        ExchangeIds.BinanceUsdM or ExchangeIds.BinanceCoinM => FuturesDepthRule.Instance,
        ExchangeIds.BinanceSpot => SpotDepthRule.Instance,

        // Bybit numbers every orderbook message with one u, each the previous + 1: Binance spot's rule with U = u.
        ExchangeIds.BybitLinear => SpotDepthRule.Instance,
        _ => throw new ArgumentException($"no depth rule for exchange '{exchange}'", nameof(exchange)),
    };
}

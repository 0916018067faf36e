using Streamer.Core.Streams;

namespace Streamer.Core.Exchanges;

/// <summary>
/// Which of the recorder's streams each exchange publishes: Binance spot has no mark price and no liquidation
/// stream; Bybit has trades without aggregate ids (<see cref="StreamCatalog.Trade"/>) and one ticker topic
/// (<see cref="StreamCatalog.Ticker"/>) instead of bookTicker and markPrice. One place, read by the configuration
/// (Core) and by the exchange implementations (<c>IExchange.Supports</c>), which a test keeps in step.
/// </summary>
public static class ExchangeStreams
{
    private static readonly StreamInfo[] BinanceFutures =
        [StreamCatalog.AggTrade, StreamCatalog.Kline1m, StreamCatalog.Depth, StreamCatalog.BookTicker, StreamCatalog.MarkPrice, StreamCatalog.ForceOrder];

    private static readonly StreamInfo[] BinanceSpot = [StreamCatalog.AggTrade, StreamCatalog.Kline1m, StreamCatalog.Depth, StreamCatalog.BookTicker];

    private static readonly StreamInfo[] Bybit = [StreamCatalog.Trade, StreamCatalog.Kline1m, StreamCatalog.Depth, StreamCatalog.Ticker, StreamCatalog.ForceOrder];

    /// <summary>The subscribable streams of <paramref name="exchange"/>, in the order error messages list them.</summary>
    /// <exception cref="ArgumentException">Not an id of <see cref="ExchangeIds.Known"/>.</exception>
    public static IReadOnlyList<StreamInfo> Of(string exchange) => exchange switch
    {
        ExchangeIds.BinanceUsdM or ExchangeIds.BinanceCoinM => BinanceFutures,
        ExchangeIds.BinanceSpot => BinanceSpot,
        ExchangeIds.BybitLinear => Bybit,
        _ => throw new ArgumentException($"no streams for exchange '{exchange}'", nameof(exchange)),
    };

    /// <summary>True when <paramref name="exchange"/> publishes <paramref name="stream"/>.</summary>
    public static bool Supports(string exchange, StreamInfo stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Of(exchange).Contains(stream);
    }

    /// <summary>
    /// The streams a symbol of <paramref name="exchange"/> records when its entry lists none: the mode's streams that
    /// the exchange has, each Binance stream standing for its counterpart where the exchange has another (Bybit:
    /// aggtrade means trade; bookticker and markprice mean ticker).
    /// </summary>
    public static IReadOnlyList<StreamInfo> DefaultsOf(string exchange, IEnumerable<StreamInfo> modeStreams)
    {
        ArgumentNullException.ThrowIfNull(modeStreams);
        var own = Of(exchange);
        var result = new List<StreamInfo>();
        foreach (var stream in modeStreams)
        {
            var mapped = own.Contains(stream) ? stream : CounterpartOn(exchange, stream);
            if (mapped is not null && !result.Contains(mapped))
            {
                result.Add(mapped);
            }
        }

        return result;
    }

    private static StreamInfo? CounterpartOn(string exchange, StreamInfo stream) => exchange switch
    {
        ExchangeIds.BybitLinear when stream == StreamCatalog.AggTrade => StreamCatalog.Trade,
        ExchangeIds.BybitLinear when stream == StreamCatalog.BookTicker || stream == StreamCatalog.MarkPrice => StreamCatalog.Ticker,
        _ => null,
    };
}

using Streamer.Core.Streams;

namespace Streamer.Core.Exchanges;

/// <summary>
/// Which of the recorder's streams each exchange publishes: Binance spot has no mark price and no liquidation
/// stream, so config.yaml may not ask for them there. One place, read by the configuration (Core) and by the
/// exchange implementations (<c>IExchange.Supports</c>), which a test keeps in step.
/// </summary>
public static class ExchangeStreams
{
    private static readonly StreamInfo[] SpotHasNot = [StreamCatalog.MarkPrice, StreamCatalog.ForceOrder];

    /// <summary>True when <paramref name="exchange"/> publishes <paramref name="stream"/>.</summary>
    public static bool Supports(string exchange, StreamInfo stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return exchange != ExchangeIds.BinanceSpot || !SpotHasNot.Contains(stream);
    }

    /// <summary>The subscribable streams of <paramref name="exchange"/>, for error messages.</summary>
    public static IEnumerable<StreamInfo> Of(string exchange) => StreamCatalog.Subscribable.Where(s => Supports(exchange, s));
}

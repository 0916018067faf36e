using Streamer.Core.Exchanges;

namespace Streamer.Binance.Exchanges;

/// <summary>
/// The Binance markets of <see cref="ExchangeIds.Known"/>. The registry of every exchange, Binance's and the others',
/// is the worker's (<c>Streamer.Worker.ExchangeRegistry</c>), which is the one place that sees every implementation.
/// </summary>
public static class BinanceExchanges
{
    /// <summary>USD-M, COIN-M and spot, in the order of <see cref="ExchangeIds.Known"/>.</summary>
    public static IReadOnlyList<IExchange> All { get; } = [BinanceUsdM.Instance, BinanceCoinM.Instance, BinanceSpot.Instance];

    /// <summary>The Binance market with <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">No Binance market has that id.</exception>
    public static IExchange Get(string id) =>
        All.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.Ordinal))
        ?? throw new ArgumentException($"no Binance market '{id}'; known: {string.Join(", ", All.Select(e => e.Id))}", nameof(id));
}

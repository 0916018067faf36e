using Streamer.Binance.Exchanges;
using Streamer.Bybit;
using Streamer.Core.Exchanges;

namespace Streamer.Worker.Exchanges;

/// <summary>
/// The implementation of each id in <see cref="ExchangeIds.Known"/>: the worker is the one place that sees every
/// exchange library. The configuration has already refused any other id, so an unknown one here is a bug.
/// </summary>
public static class ExchangeRegistry
{
    /// <summary>Every implemented exchange, in the order of <see cref="ExchangeIds.Known"/>.</summary>
    public static IReadOnlyList<IExchange> All { get; } = [.. BinanceExchanges.All, BybitLinear.Instance];

    /// <summary>The exchange with <paramref name="id"/> (a symbol's <c>exchange:</c>).</summary>
    /// <exception cref="ArgumentException">No exchange has that id.</exception>
    public static IExchange Get(string id) =>
        All.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.Ordinal))
        ?? throw new ArgumentException($"no exchange '{id}'; known: {string.Join(", ", ExchangeIds.Known)}", nameof(id));
}

using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;

namespace Streamer.Binance.Exchanges;

/// <summary>
/// The REST calls a worker makes, answered as the recorder's own rows: the symbol list, depth snapshots, and the
/// backfill of trades (by id) and closed 1m candles (by open time). Request weights and the exchange's answers to
/// overuse (429, bans) are the implementation's business; every implementation reserves its weight with the
/// machine-wide <see cref="Limiter"/> first, because an exchange's limit is per IP, not per process.
/// </summary>
public interface IExchangeRest : IDisposable
{
    /// <summary>The machine-wide weight budget (also read for the status line: weight used, banned).</summary>
    RestWeightLimiter Limiter { get; }

    /// <summary>Most rows one backfill page holds; a shorter page means the present was reached.</summary>
    int PageSize { get; }

    /// <summary>Levels per side of the deepest snapshot the exchange serves (what the worker asks for).</summary>
    int DepthSnapshotLimit { get; }

    /// <summary>Where the symbol list is, for the message that rejects a symbol the exchange does not list.</summary>
    Uri SymbolListUrl { get; }

    /// <summary>Every listed symbol with its status (<c>TRADING</c>, ...).</summary>
    Task<IReadOnlyDictionary<string, string>> GetExchangeInfoAsync(CancellationToken ct);

    /// <summary>An order book snapshot as depth_snapshot rows.</summary>
    Task<DepthSnapshot> GetDepthSnapshotAsync(string symbol, int limit, CancellationToken ct);

    /// <summary>Aggregate trades from <paramref name="fromId"/> on, as aggtrade rows.</summary>
    Task<RestRows> GetAggTradesAsync(string symbol, long fromId, int limit, CancellationToken ct);

    /// <summary>
    /// The most recent trades (at most <paramref name="limit"/>), as rows of the exchange's trade stream in ascending
    /// order, each row's id its sequence (Bybit: <c>seq</c>). For exchanges whose trades have no consecutive id, so
    /// that a reconnect can fill what it missed from the recent past; Binance serves trades by id instead
    /// (<see cref="GetAggTradesAsync"/>).
    /// </summary>
    /// <exception cref="NotSupportedException">The exchange serves trades by id.</exception>
    Task<RestRows> GetRecentTradesAsync(string symbol, int limit, CancellationToken ct) =>
        throw new NotSupportedException("this exchange serves trades by id (GetAggTradesAsync)");

    /// <summary>1m candles opening at or after <paramref name="startTimeMs"/>, as kline_1m rows (the last may still be open).</summary>
    Task<RestRows> GetKlinesAsync(string symbol, long startTimeMs, int limit, CancellationToken ct);
}

namespace Streamer.Simulator;

/// <summary>
/// The Binance market a simulated symbol belongs to. The same symbol name may exist in two markets
/// (BTCUSDT spot and BTCUSDT USD-M): they are independent engines with their own seed, streams,
/// REST paths, weight budget and ground truth.
/// </summary>
public enum SimMarket
{
    /// <summary>USD-M futures: <c>/fapi/v1</c>, WebSockets <c>/public</c> and <c>/market</c> (admin <c>market=um</c>).</summary>
    UsdM,

    /// <summary>COIN-M futures: <c>/dapi/v1</c>, WebSockets <c>/cm</c> (admin <c>market=cm</c>).</summary>
    CoinM,

    /// <summary>Spot: <c>/api/v3</c>, WebSockets <c>/spot</c> (admin <c>market=spot</c>).</summary>
    Spot,
}

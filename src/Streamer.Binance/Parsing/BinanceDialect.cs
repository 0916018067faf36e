namespace Streamer.Binance.Parsing;

/// <summary>
/// How a Binance market's WebSocket payloads differ from USD-M's, which <see cref="BinanceMessageParser"/> reads
/// unchanged. The CSV columns are the same for every market; a field a market does not send is written empty.
/// </summary>
public enum BinanceDialect : byte
{
    /// <summary>USD-M futures: every field of DESIGN section 2.</summary>
    UsdM = 0,

    /// <summary>
    /// COIN-M futures: USD-M's payloads plus a pair field <c>ps</c> (ignored); markPriceUpdate has no index price
    /// <c>i</c>, so <c>index_price</c> is written empty.
    /// </summary>
    CoinM,

    /// <summary>
    /// Spot: depthUpdate has no <c>T</c> and no <c>pu</c> (<c>transact_time</c> and <c>prev_final_update_id</c>
    /// empty); bookTicker has no <c>e</c>, <c>E</c> or <c>T</c> (recognised by having <c>u</c> and no <c>e</c>;
    /// <c>transaction_time</c> and <c>event_time</c> empty); aggTrade has an extra <c>M</c> (ignored).
    /// </summary>
    Spot,
}

using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Binance.Exchanges;

/// <summary>
/// What one Binance market's REST API and WebSocket streams look like: the API path prefix, request weights, page
/// and snapshot sizes, the field that holds a symbol's status, how its payloads differ
/// (<see cref="BinanceDialect"/>), which streams and depth speeds it serves, and its stream names. One
/// <see cref="BinanceRestClient"/>, <see cref="BinanceMessageParser"/> and stream-name function serve every market
/// through it, so nothing is copied per market. Immutable; one instance per market.
/// </summary>
public sealed class BinanceMarket
{
    private readonly Func<int, int> _depthWeight;
    private readonly Func<int, int> _klinesWeight;
    private readonly Func<string, string> _depthSpeed;

    private BinanceMarket(
        string exchange,
        BinanceDialect dialect,
        string apiPath,
        int weightLimit,
        int exchangeInfoWeight,
        int aggTradesWeight,
        Func<int, int> depthWeight,
        Func<int, int> klinesWeight,
        string? symbolStatusFallback,
        IReadOnlyList<StreamInfo> streams,
        IReadOnlyList<string> depthSpeeds,
        Func<string, string> depthSpeed)
    {
        Exchange = exchange;
        Dialect = dialect;
        ApiPath = apiPath;
        WeightLimit = weightLimit;
        ExchangeInfoWeight = exchangeInfoWeight;
        AggTradesWeight = aggTradesWeight;
        _depthWeight = depthWeight;
        _klinesWeight = klinesWeight;
        SymbolStatusFallback = symbolStatusFallback;
        Streams = streams;
        DepthSpeeds = depthSpeeds;
        _depthSpeed = depthSpeed;
    }

    /// <summary>
    /// Binance USD-M futures: <c>/fapi/v1</c> (<see cref="RestWeights"/>), routed WebSockets, every stream, and
    /// network.depth_speed subscribed as configured (<c>0ms</c> is an unlisted speed Binance serves).
    /// </summary>
    public static BinanceMarket UsdM { get; } = new(
        ExchangeIds.BinanceUsdM,
        BinanceDialect.UsdM,
        "/fapi/v1",
        weightLimit: 2400,
        exchangeInfoWeight: RestWeights.ExchangeInfo,
        aggTradesWeight: RestWeights.AggTrades,
        RestWeights.Depth,
        RestWeights.Klines,
        symbolStatusFallback: null,
        ExchangeStreams.Of(ExchangeIds.BinanceUsdM),
        ["0ms", "100ms", "250ms", "500ms"],
        speed => speed);

    /// <summary>
    /// Binance COIN-M futures: <c>/dapi/v1</c> with USD-M's weights, one WebSocket carrying every stream, symbols'
    /// status in <c>contractStatus</c>. Depth speeds 100, 250 (<c>@depth</c>) and 500 ms; network.depth_speed
    /// <c>0ms</c>, which COIN-M does not list, is subscribed as its fastest, <c>@depth@100ms</c>.
    /// </summary>
    public static BinanceMarket CoinM { get; } = new(
        ExchangeIds.BinanceCoinM,
        BinanceDialect.CoinM,
        "/dapi/v1",
        weightLimit: 2400,
        exchangeInfoWeight: 1,
        aggTradesWeight: 20,
        RestWeights.Depth,
        RestWeights.Klines,
        symbolStatusFallback: "contractStatus",
        ExchangeStreams.Of(ExchangeIds.BinanceCoinM),
        ["100ms", "250ms", "500ms"],
        speed => speed switch
        {
            "0ms" or "100ms" => "100ms",
            "500ms" => "500ms",
            _ => "250ms",
        });

    /// <summary>
    /// Binance spot: <c>/api/v3</c> with spot's weights, one WebSocket carrying every stream, no markPrice and no
    /// forceOrder. Spot depth comes at 100 ms (<c>@depth@100ms</c>) or 1000 ms (<c>@depth</c>): network.depth_speed
    /// <c>0ms</c> and <c>100ms</c> subscribe <c>@depth@100ms</c>; <c>250ms</c> and <c>500ms</c>, which spot does
    /// not serve, subscribe <c>@depth</c> (1000 ms), never a faster stream than asked for.
    /// </summary>
    public static BinanceMarket Spot { get; } = new(
        ExchangeIds.BinanceSpot,
        BinanceDialect.Spot,
        "/api/v3",
        weightLimit: 6000,
        exchangeInfoWeight: 20,
        aggTradesWeight: 4,
        SpotDepthWeight,
        _ => 2,
        symbolStatusFallback: null,
        [StreamCatalog.AggTrade, StreamCatalog.Kline1m, StreamCatalog.Depth, StreamCatalog.BookTicker],
        ["100ms", "1000ms"],
        speed => speed is "0ms" or "100ms" ? "100ms" : "1000ms");

    /// <summary>Every market, in the order of <see cref="ExchangeIds.Known"/>.</summary>
    public static IReadOnlyList<BinanceMarket> All { get; } = [UsdM, CoinM, Spot];

    /// <summary>The exchange id (<see cref="ExchangeIds"/>).</summary>
    public string Exchange { get; }

    /// <summary>How the market's WebSocket payloads differ from USD-M's.</summary>
    public BinanceDialect Dialect { get; }

    /// <summary>Path prefix of every REST endpoint (<c>/fapi/v1</c>, <c>/dapi/v1</c>, <c>/api/v3</c>).</summary>
    public string ApiPath { get; }

    /// <summary>Binance's REST weight limit per minute and IP.</summary>
    public int WeightLimit { get; }

    /// <summary>Weight of <c>exchangeInfo</c>.</summary>
    public int ExchangeInfoWeight { get; }

    /// <summary>Weight of one <c>aggTrades</c> page.</summary>
    public int AggTradesWeight { get; }

    /// <summary>Most rows of one aggTrades or klines page.</summary>
    public int PageSize { get; } = BinanceRestClient.MaxPage;

    /// <summary>Levels per side of the snapshot the worker asks for (spot would serve 5000, at five times the weight).</summary>
    public int DepthSnapshotLimit { get; } = BinanceRestClient.MaxDepthLimit;

    /// <summary>
    /// The exchangeInfo field holding a symbol's status when it has no <c>status</c> (COIN-M: <c>contractStatus</c>);
    /// null when <c>status</c> is the only one.
    /// </summary>
    public string? SymbolStatusFallback { get; }

    /// <summary>Streams the market serves (the configuration refuses the others).</summary>
    public IReadOnlyList<StreamInfo> Streams { get; }

    /// <summary>Depth update speeds the market serves, e.g. <c>100ms</c>, <c>1000ms</c>.</summary>
    public IReadOnlyList<string> DepthSpeeds { get; }

    /// <summary>REST path of <paramref name="endpoint"/> (<c>depth</c> → <c>/api/v3/depth</c>).</summary>
    public string Path(string endpoint) => ApiPath + "/" + endpoint;

    /// <summary>Weight of a depth snapshot of <paramref name="limit"/> levels.</summary>
    public int DepthWeight(int limit) => _depthWeight(limit);

    /// <summary>Weight of a klines page of <paramref name="limit"/> candles.</summary>
    public int KlinesWeight(int limit) => _klinesWeight(limit);

    /// <summary>True when the market serves <paramref name="stream"/>.</summary>
    public bool Supports(StreamInfo stream) => Streams.Contains(stream);

    /// <summary>The depth speed (one of <see cref="DepthSpeeds"/>, or as configured on USD-M) that network.depth_speed <paramref name="configured"/> subscribes.</summary>
    public string DepthSpeedOf(string configured) => _depthSpeed(configured);

    /// <summary>
    /// The market's name of <paramref name="stream"/> of <paramref name="symbol"/>, e.g. <c>btcusd_perp@aggTrade</c>
    /// or <c>btcusdt@depth@100ms</c>, with network.depth_speed <paramref name="depthSpeed"/> mapped by
    /// <see cref="DepthSpeedOf"/>. USD-M's are <see cref="StreamCatalog.BinanceStreamName"/>'s, unchanged.
    /// </summary>
    public string StreamName(StreamInfo stream, string symbol, string depthSpeed)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (Dialect == BinanceDialect.UsdM)
        {
            return StreamCatalog.BinanceStreamName(stream, symbol, depthSpeed);
        }

        // The market's default depth speed has no suffix: COIN-M @depth is 250 ms, spot @depth 1000 ms.
        var speed = DepthSpeedOf(depthSpeed);
        var isDefault = speed == (Dialect == BinanceDialect.Spot ? "1000ms" : "250ms");
        return StreamCatalog.BinanceStreamName(stream, symbol, isDefault ? "" : speed);
    }

    /// <summary>The market of <paramref name="exchange"/>.</summary>
    /// <exception cref="ArgumentException">Not a Binance market.</exception>
    public static BinanceMarket Of(string exchange) =>
        All.FirstOrDefault(m => m.Exchange == exchange) ?? throw new ArgumentException($"no Binance market '{exchange}'", nameof(exchange));

    /// <inheritdoc/>
    public override string ToString() => Exchange;

    /// <summary>Spot <c>/api/v3/depth</c>: 1-100 → 5, 101-500 → 25, 501-1000 → 50, 1001-5000 → 250.</summary>
    private static int SpotDepthWeight(int limit) => limit switch
    {
        <= 100 => 5,
        <= 500 => 25,
        <= 1000 => 50,
        _ => 250,
    };
}

using Streamer.Simulator.WebSockets;
using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Market;

/// <summary>
/// What makes one market's engine differ from another's: its payloads, routes, which streams exist,
/// depth speeds, the update-id rule and where its ground truth goes. Everything else (order flow,
/// book, windows, candles) is shared.
/// </summary>
internal sealed class MarketProfile
{
    public static readonly MarketProfile UsdM = new(
        SimMarket.UsdM, "um", UsdMFormat.Instance, consecutiveIds: false, trade: true, markPrice: true, forceOrder: true,
        servesDepthNow: true, depthSpeeds: [100, 250, 500], defaultDepthSpeed: 250);

    public static readonly MarketProfile CoinM = new(
        SimMarket.CoinM, "cm", CoinMFormat.Instance, consecutiveIds: false, trade: false, markPrice: true, forceOrder: true,
        servesDepthNow: false, depthSpeeds: [100, 250, 500], defaultDepthSpeed: 250);

    public static readonly MarketProfile Spot = new(
        SimMarket.Spot, "spot", SpotFormat.Instance, consecutiveIds: true, trade: true, markPrice: false, forceOrder: false,
        servesDepthNow: false, depthSpeeds: [100, 1000], defaultDepthSpeed: 1000);

    private readonly int _defaultDepthSpeed;

    private MarketProfile(
        SimMarket market, string id, IMarketFormat format, bool consecutiveIds, bool trade, bool markPrice, bool forceOrder,
        bool servesDepthNow, int[] depthSpeeds, int defaultDepthSpeed)
    {
        Market = market;
        Id = id;
        Format = format;
        ConsecutiveUpdateIds = consecutiveIds;
        HasTrade = trade;
        HasMarkPrice = markPrice;
        HasForceOrder = forceOrder;
        ServesDepthNow = servesDepthNow;
        DepthSpeeds = depthSpeeds;
        _defaultDepthSpeed = defaultDepthSpeed;
    }

    public SimMarket Market { get; }

    /// <summary><c>um</c>, <c>cm</c> or <c>spot</c>: the admin API's <c>market=</c> and the truth sub-folder.</summary>
    public string Id { get; }

    public IMarketFormat Format { get; }

    /// <summary>
    /// Spot: every book change takes the next id, so U is always the previous u + 1. Futures: ids jump
    /// by 1–41 between transactions (other internal updates share the sequence): only pu chains.
    /// </summary>
    public bool ConsecutiveUpdateIds { get; }

    public bool HasTrade { get; }

    public bool HasMarkPrice { get; }

    public bool HasForceOrder { get; }

    /// <summary>USD-M serves <c>@depth@0ms</c>; elsewhere the every-change series exists only as ground truth.</summary>
    public bool ServesDepthNow { get; }

    /// <summary>Timed depth speeds in ms; the default one is the plain <c>@depth</c> stream.</summary>
    public IReadOnlyList<int> DepthSpeeds { get; }

    public string DepthStream(int speedMs) => speedMs == _defaultDepthSpeed ? "@depth" : $"@depth@{speedMs}ms";

    /// <summary>The route a stream type is served on (USD-M splits public and market; the others have one).</summary>
    public Route RouteOf(string type) => Market switch
    {
        SimMarket.CoinM => Route.CoinM,
        SimMarket.Spot => Route.Spot,
        _ => type.StartsWith("depth", StringComparison.Ordinal) || type == "bookTicker" ? Route.Public : Route.Market,
    };

    /// <summary>Seed name of a symbol's generator: USD-M keeps the bare symbol (unchanged sequences), others are salted.</summary>
    public string SeedName(string symbol) => Market == SimMarket.UsdM ? symbol : $"{Id}:{symbol}";

    /// <summary>Truth folder relative to the truth directory: <c>SYMBOL</c> for USD-M, <c>cm/SYMBOL</c>, <c>spot/SYMBOL</c>.</summary>
    public string TruthFolder(string symbol) => Market == SimMarket.UsdM ? symbol : Path.Combine(Id, symbol);

    public static MarketProfile Of(SimMarket market) => market switch
    {
        SimMarket.CoinM => CoinM,
        SimMarket.Spot => Spot,
        _ => UsdM,
    };

    public static IReadOnlyList<MarketProfile> All { get; } = [UsdM, CoinM, Spot];
}

using System.Net.WebSockets;
using Streamer.Simulator.Dumps;
using Streamer.Simulator.Market;
using Streamer.Simulator.WebSockets;

namespace Streamer.Simulator;

/// <summary>
/// Fault injection and control, the same operations as the <c>/admin</c> HTTP API. Every per-symbol
/// or per-connection operation acts on one market (<see cref="SimMarket.UsdM"/> unless told otherwise):
/// its symbols, its connections, its REST host. Route filters are <c>"public"</c>, <c>"market"</c> or
/// <c>"legacy"</c> for USD-M, <c>"cm"</c> or <c>"spot"</c> for those markets (null = every route of
/// the market); symbol filters select the connections subscribed to at least one stream of that
/// symbol (null = all).
/// </summary>
public sealed partial class SimulatedExchange
{
    /// <summary>Aborts matching WebSocket connections without a close frame; returns how many.</summary>
    public int DropConnections(string? route = null, string? symbol = null, SimMarket market = SimMarket.UsdM)
    {
        var connections = _hub.Select(ParseRoutes(route, market), NormalizeSymbol(symbol));
        foreach (var connection in connections)
        {
            connection.Abort();
        }

        return connections.Count;
    }

    /// <summary>Closes matching connections with a close frame (as at the end of their lifetime); returns how many.</summary>
    public int CloseConnections(string? route = null, string? symbol = null, SimMarket market = SimMarket.UsdM)
    {
        var connections = _hub.Select(ParseRoutes(route, market), NormalizeSymbol(symbol));
        foreach (var connection in connections)
        {
            connection.RequestClose(WebSocketCloseStatus.NormalClosure, "closed by the exchange");
        }

        return connections.Count;
    }

    /// <summary>
    /// Withholds the next depth event of <paramref name="symbol"/> on every speed it serves (USD-M 0,
    /// 100, 250, 500 ms; COIN-M 100, 250, 500 ms; spot 100, 1000 ms): the book still changes, so the
    /// following event's pu (futures) no longer matches the previous u the client saw, and on spot its
    /// U is more than the previous u + 1. Withheld events are written to <c>depth-withheld.jsonl</c>.
    /// </summary>
    public void InjectDepthGap(string symbol, SimMarket market = SimMarket.UsdM) => Engine(symbol, market).InjectDepthGap();

    /// <summary>Matching connections receive nothing for <paramref name="duration"/>; what is published meanwhile is lost to them.</summary>
    public int StallConnections(TimeSpan duration, string? route = null, string? symbol = null, SimMarket market = SimMarket.UsdM)
    {
        var connections = _hub.Select(ParseRoutes(route, market), NormalizeSymbol(symbol));
        foreach (var connection in connections)
        {
            connection.Stall(duration);
        }

        return connections.Count;
    }

    /// <summary>Sends each matching connection one text frame that is not valid JSON (a truncated aggTrade envelope).</summary>
    public int SendMalformedFrame(string? route = null, string? symbol = null, SimMarket market = SimMarket.UsdM)
    {
        var connections = _hub.Select(ParseRoutes(route, market), NormalizeSymbol(symbol));
        foreach (var connection in connections)
        {
            connection.SendMalformed();
        }

        return connections.Count;
    }

    /// <summary>
    /// Every REST request to <paramref name="market"/>'s host is answered with <paramref name="statusCode"/>
    /// (429 or 418) and Retry-After for <paramref name="duration"/> (zero or less clears it).
    /// </summary>
    public void FailRest(int statusCode, TimeSpan duration, SimMarket market = SimMarket.UsdM)
    {
        var faults = _restFaults[market];
        if (duration <= TimeSpan.Zero)
        {
            faults.Clear();
            return;
        }

        faults.Force(statusCode, duration);
    }

    /// <summary>
    /// Multiplies every symbol's (of every market) order-book transaction rate by <paramref name="factor"/> (1 = the configured
    /// rate): a market heating up or calming down, e.g. to start a recorder quietly and then flood it.
    /// </summary>
    public void ScaleRates(double factor)
    {
        if (!double.IsFinite(factor) || factor <= 0 || factor > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "the rate factor must be above 0 and at most 1000, e.g. factor=0.5");
        }

        foreach (var engine in AllEngines)
        {
            engine.ScaleRate(factor);
        }
    }

    /// <summary>Stops taker orders for a symbol: no aggTrade/trade, while the book keeps moving.</summary>
    public void PauseTrades(string symbol, SimMarket market = SimMarket.UsdM) => Engine(symbol, market).PauseTrades();

    /// <summary>Undoes <see cref="PauseTrades"/>.</summary>
    public void ResumeTrades(string symbol, SimMarket market = SimMarket.UsdM) => Engine(symbol, market).ResumeTrades();

    /// <summary>
    /// Stops the whole market. When this returns no further event is generated and the ground truth
    /// is flushed, so it can be read completely. Connections stay open (and silent).
    /// </summary>
    public void Pause()
    {
        lock (_pauseGate)
        {
            _paused = true;
            foreach (var engine in AllEngines)
            {
                engine.Pause();
            }

            FlushTruth();
        }
    }

    /// <summary>Restarts the market at the current exchange time; the paused span has no events (like an outage).</summary>
    public void Resume()
    {
        lock (_pauseGate)
        {
            foreach (var engine in AllEngines)
            {
                engine.Resume();
            }

            _paused = false;
        }
    }

    /// <summary>Writes all pending ground truth to disk now.</summary>
    public void FlushTruth() => _truth?.FlushAll();

    /// <summary>Connections, messages sent and ids per symbol (USD-M in <see cref="SimulatorStats.Symbols"/>, the others in their own maps).</summary>
    public SimulatorStats GetStats() => new()
    {
        ExchangeTime = ExchangeTime,
        Paused = _paused,
        Connections = _hub.CountByRoute(),
        MessagesSent = _hub.MessagesSent,
        SlowClientDisconnects = _hub.SlowClientDisconnects,
        RateLimitedRequests = _limiters[SimMarket.UsdM].TooManyRequestsAnswers,
        BannedRequests = _limiters[SimMarket.UsdM].BanAnswers,
        Symbols = SymbolStatsOf(SimMarket.UsdM),
        CoinMSymbols = SymbolStatsOf(SimMarket.CoinM),
        SpotSymbols = SymbolStatsOf(SimMarket.Spot),
        RateLimitedRequestsByMarket = _limiters.ToDictionary(l => MarketProfile.Of(l.Key).Id, l => l.Value.TooManyRequestsAnswers, StringComparer.Ordinal),
        BannedRequestsByMarket = _limiters.ToDictionary(l => MarketProfile.Of(l.Key).Id, l => l.Value.BanAnswers, StringComparer.Ordinal),
        ReplayLines = _replay?.Lines ?? 0,
        ReplayCompleted = _replay?.Completion.IsCompleted ?? false,
    };

    /// <summary>Ids and top of book of one simulated symbol of <paramref name="market"/>.</summary>
    /// <exception cref="ArgumentException">The symbol is not simulated in that market.</exception>
    public SymbolStats GetSymbolStats(string symbol, SimMarket market = SimMarket.UsdM) => Engine(symbol, market).Stats();

    /// <summary>
    /// The folder holding the ground truth of <paramref name="symbol"/> in <paramref name="market"/>:
    /// <c>DIR/{SYMBOL}</c> for USD-M, <c>DIR/cm/{SYMBOL}</c> and <c>DIR/spot/{SYMBOL}</c>; null without a truth directory.
    /// </summary>
    public string? TruthFolder(string symbol, SimMarket market = SimMarket.UsdM) =>
        _options.TruthDirectory is { } directory && _options.ReplayFile is null
            ? Path.Combine(directory, MarketProfile.Of(market).TruthFolder(NormalizeSymbol(symbol) ?? ""))
            : null;

    /// <summary>The symbols generated in <paramref name="market"/>.</summary>
    public IReadOnlyList<string> SimulatedSymbols(SimMarket market = SimMarket.UsdM) => [.. _markets[market].Keys];

    private IEnumerable<MarketEngine> AllEngines => _markets.Values.SelectMany(m => m.Values);

    private Dictionary<string, SymbolStats> SymbolStatsOf(SimMarket market) =>
        _markets[market].ToDictionary(e => e.Key, e => e.Value.Stats(), StringComparer.Ordinal);

    private MarketEngine Engine(string symbol, SimMarket market)
    {
        var engines = _markets[market];
        return engines.TryGetValue(NormalizeSymbol(symbol) ?? "", out var engine)
            ? engine
            : throw new ArgumentException(
                $"symbol '{symbol}' is not simulated in market {MarketProfile.Of(market).Id} (simulated: {string.Join(", ", engines.Keys)})");
    }

    private static string? NormalizeSymbol(string? symbol) => string.IsNullOrEmpty(symbol) ? null : symbol.ToUpperInvariant();

    /// <summary>The routes a filter selects within a market: the one named, or all of the market's when null.</summary>
    private static IReadOnlyList<Route> ParseRoutes(string? route, SimMarket market)
    {
        var routes = Routes.Of(market);
        if (string.IsNullOrEmpty(route))
        {
            return routes;
        }

        return Routes.TryParse(route, out var parsed) && routes.Contains(parsed)
            ? [parsed]
            : throw new ArgumentException(
                $"route '{route}' is not one of {string.Join(", ", routes.Select(Routes.Name))} (market {MarketProfile.Of(market).Id})");
    }

    /// <summary>
    /// Makes one archive of the dumps tree (by file name, e.g. <c>BTCUSDT-aggTrades-2026-01-01.zip</c>)
    /// missing (404), checksum-mismatched or truncated; <see cref="DumpFault.None"/> serves it normally again.
    /// </summary>
    public void InjectDumpFault(string fileName, DumpFault fault)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        _dumps.Inject(fileName, fault);
    }
}

using System.Net.WebSockets;
using Streamer.Simulator.Dumps;
using Streamer.Simulator.WebSockets;

namespace Streamer.Simulator;

/// <summary>
/// Fault injection and control, the same operations as the <c>/admin</c> HTTP API. Route filters
/// are <c>"public"</c>, <c>"market"</c> or <c>"legacy"</c> (null = all); symbol filters select the
/// connections subscribed to at least one stream of that symbol (null = all).
/// </summary>
public sealed partial class SimulatedExchange
{
    /// <summary>Aborts matching WebSocket connections without a close frame; returns how many.</summary>
    public int DropConnections(string? route = null, string? symbol = null)
    {
        var connections = _hub.Select(ParseRoute(route), NormalizeSymbol(symbol));
        foreach (var connection in connections)
        {
            connection.Abort();
        }

        return connections.Count;
    }

    /// <summary>Closes matching connections with a close frame (as at the end of their lifetime); returns how many.</summary>
    public int CloseConnections(string? route = null, string? symbol = null)
    {
        var connections = _hub.Select(ParseRoute(route), NormalizeSymbol(symbol));
        foreach (var connection in connections)
        {
            connection.RequestClose(WebSocketCloseStatus.NormalClosure, "closed by the exchange");
        }

        return connections.Count;
    }

    /// <summary>
    /// Withholds the next depth event of <paramref name="symbol"/> on every speed (0, 100, 250,
    /// 500 ms): the book still changes, so the following event's pu no longer matches the previous
    /// u the client saw. Withheld events are written to <c>depth-withheld.jsonl</c>.
    /// </summary>
    public void InjectDepthGap(string symbol) => Engine(symbol).InjectDepthGap();

    /// <summary>Matching connections receive nothing for <paramref name="duration"/>; what is published meanwhile is lost to them.</summary>
    public int StallConnections(TimeSpan duration, string? route = null, string? symbol = null)
    {
        var connections = _hub.Select(ParseRoute(route), NormalizeSymbol(symbol));
        foreach (var connection in connections)
        {
            connection.Stall(duration);
        }

        return connections.Count;
    }

    /// <summary>Sends each matching connection one text frame that is not valid JSON (a truncated aggTrade envelope).</summary>
    public int SendMalformedFrame(string? route = null, string? symbol = null)
    {
        var connections = _hub.Select(ParseRoute(route), NormalizeSymbol(symbol));
        foreach (var connection in connections)
        {
            connection.SendMalformed();
        }

        return connections.Count;
    }

    /// <summary>Every REST request is answered with <paramref name="statusCode"/> (429 or 418) and Retry-After for <paramref name="duration"/>.</summary>
    public void FailRest(int statusCode, TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            _restFaults.Clear();
            return;
        }

        _restFaults.Force(statusCode, duration);
    }

    /// <summary>
    /// Multiplies every symbol's order-book transaction rate by <paramref name="factor"/> (1 = the configured
    /// rate): a market heating up or calming down, e.g. to start a recorder quietly and then flood it.
    /// </summary>
    public void ScaleRates(double factor)
    {
        if (!double.IsFinite(factor) || factor <= 0 || factor > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "the rate factor must be above 0 and at most 1000, e.g. factor=0.5");
        }

        foreach (var engine in _engines.Values)
        {
            engine.ScaleRate(factor);
        }
    }

    /// <summary>Stops taker orders for a symbol: no aggTrade/trade, while the book keeps moving.</summary>
    public void PauseTrades(string symbol) => Engine(symbol).PauseTrades();

    /// <summary>Undoes <see cref="PauseTrades"/>.</summary>
    public void ResumeTrades(string symbol) => Engine(symbol).ResumeTrades();

    /// <summary>
    /// Stops the whole market. When this returns no further event is generated and the ground truth
    /// is flushed, so it can be read completely. Connections stay open (and silent).
    /// </summary>
    public void Pause()
    {
        lock (_pauseGate)
        {
            _paused = true;
            foreach (var engine in _engines.Values)
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
            foreach (var engine in _engines.Values)
            {
                engine.Resume();
            }

            _paused = false;
        }
    }

    /// <summary>Writes all pending ground truth to disk now.</summary>
    public void FlushTruth() => _truth?.FlushAll();

    /// <summary>Connections, messages sent and ids per symbol.</summary>
    public SimulatorStats GetStats() => new()
    {
        ExchangeTime = ExchangeTime,
        Paused = _paused,
        Connections = _hub.CountByRoute(),
        MessagesSent = _hub.MessagesSent,
        SlowClientDisconnects = _hub.SlowClientDisconnects,
        RateLimitedRequests = _limiter.TooManyRequestsAnswers,
        BannedRequests = _limiter.BanAnswers,
        Symbols = _engines.ToDictionary(e => e.Key, e => e.Value.Stats(), StringComparer.Ordinal),
        ReplayLines = _replay?.Lines ?? 0,
        ReplayCompleted = _replay?.Completion.IsCompleted ?? false,
    };

    private Market.MarketEngine Engine(string symbol) =>
        _engines.TryGetValue(NormalizeSymbol(symbol) ?? "", out var engine)
            ? engine
            : throw new ArgumentException($"symbol '{symbol}' is not simulated (simulated: {string.Join(", ", _engines.Keys)})");

    private static string? NormalizeSymbol(string? symbol) => string.IsNullOrEmpty(symbol) ? null : symbol.ToUpperInvariant();

    private static Route? ParseRoute(string? route)
    {
        if (string.IsNullOrEmpty(route))
        {
            return null;
        }

        return Routes.TryParse(route, out var parsed)
            ? parsed
            : throw new ArgumentException($"route '{route}' is not one of public, market, legacy");
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

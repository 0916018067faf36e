namespace Streamer.Simulator;

/// <summary>A point-in-time view of the exchange, as <c>GET /admin/stats</c> returns it.</summary>
public sealed record SimulatorStats
{
    /// <summary>Exchange clock (may run fast or start in the past).</summary>
    public DateTimeOffset ExchangeTime { get; init; }

    /// <summary>True while the whole market is paused.</summary>
    public bool Paused { get; init; }

    /// <summary>Open WebSocket connections by route: <c>public</c>, <c>market</c>, <c>legacy</c> (USD-M), <c>cm</c>, <c>spot</c>.</summary>
    public IReadOnlyDictionary<string, int> Connections { get; init; } = new Dictionary<string, int>();

    /// <summary>WebSocket messages sent since start, all connections together.</summary>
    public long MessagesSent { get; init; }

    /// <summary>Connections cut because their send queue overflowed.</summary>
    public long SlowClientDisconnects { get; init; }

    /// <summary>USD-M REST requests answered 429 because the weight limit was exceeded (not forced faults).</summary>
    public long RateLimitedRequests { get; init; }

    /// <summary>USD-M REST requests answered 418 because the client kept requesting while told to back off (not forced faults).</summary>
    public long BannedRequests { get; init; }

    /// <summary>429 answers per market (<c>um</c>, <c>cm</c>, <c>spot</c>): each market's host has its own weight budget.</summary>
    public IReadOnlyDictionary<string, long> RateLimitedRequestsByMarket { get; init; } = new Dictionary<string, long>();

    /// <summary>418 answers per market (<c>um</c>, <c>cm</c>, <c>spot</c>).</summary>
    public IReadOnlyDictionary<string, long> BannedRequestsByMarket { get; init; } = new Dictionary<string, long>();

    /// <summary>Per generated USD-M symbol.</summary>
    public IReadOnlyDictionary<string, SymbolStats> Symbols { get; init; } = new Dictionary<string, SymbolStats>();

    /// <summary>Per generated COIN-M symbol.</summary>
    public IReadOnlyDictionary<string, SymbolStats> CoinMSymbols { get; init; } = new Dictionary<string, SymbolStats>();

    /// <summary>Per generated spot symbol.</summary>
    public IReadOnlyDictionary<string, SymbolStats> SpotSymbols { get; init; } = new Dictionary<string, SymbolStats>();

    /// <summary>Replay only: capture lines processed so far, and whether the capture has been fully served.</summary>
    public long ReplayLines { get; init; }

    /// <summary>Replay only: true once every line of the capture has been published.</summary>
    public bool ReplayCompleted { get; init; }
}

/// <summary>Ids and top of book of one generated symbol.</summary>
public sealed record SymbolStats
{
    /// <summary>Id of the newest aggTrade (the <c>a</c> field).</summary>
    public long LastAggTradeId { get; init; }

    /// <summary>Oldest aggTrade id <c>/fapi/v1/aggTrades</c> still returns; -1 before the first trade.</summary>
    public long OldestAggTradeId { get; init; }

    /// <summary>Id of the newest underlying trade (the <c>t</c> of <c>@trade</c>, <c>l</c> of aggTrade).</summary>
    public long LastTradeId { get; init; }

    /// <summary>Book update id after the newest transaction (a snapshot now would carry this lastUpdateId).</summary>
    public long LastUpdateId { get; init; }

    /// <summary>Best bid price.</summary>
    public double BestBid { get; init; }

    /// <summary>Best ask price.</summary>
    public double BestAsk { get; init; }

    /// <summary>Order-book transactions generated since start (the unit of the configured rate).</summary>
    public long Transactions { get; init; }

    /// <summary>True while trades are paused for this symbol.</summary>
    public bool TradesPaused { get; init; }
}

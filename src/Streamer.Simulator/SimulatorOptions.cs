namespace Streamer.Simulator;

/// <summary>
/// Everything that shapes one run of the simulated exchange. Two runs with equal options
/// (including <see cref="Seed"/> and a fixed <see cref="StartTime"/>) generate the same market,
/// event for event and byte for byte.
/// </summary>
public sealed record SimulatorOptions
{
    /// <summary>Address Kestrel listens on. Loopback by default.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (read it back from <see cref="SimulatedExchange.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>Seed of every per-symbol random generator.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Symbols whose market is generated. Other listed symbols only appear in exchangeInfo.</summary>
    public IReadOnlyList<string> Symbols { get; init; } = ["BTCUSDT", "ETHUSDT"];

    /// <summary>
    /// COIN-M futures symbols whose market is generated (e.g. <c>BTCUSD_PERP</c>): <c>/dapi/v1</c> and the
    /// <c>/cm</c> WebSockets. Independent of <see cref="Symbols"/>: adding some never changes the USD-M market.
    /// </summary>
    public IReadOnlyList<string> CoinMSymbols { get; init; } = [];

    /// <summary>
    /// Spot symbols whose market is generated (e.g. <c>BTCUSDT</c>): <c>/api/v3</c> and the <c>/spot</c>
    /// WebSockets. A name may also be in <see cref="Symbols"/>; the two are independent engines.
    /// </summary>
    public IReadOnlyList<string> SpotSymbols { get; init; } = [];

    /// <summary>
    /// Order-book transactions per second of exchange time for symbols without an entry in
    /// <see cref="EventsPerSecond"/>. Every transaction is one <c>@depth@0ms</c> message; about a
    /// fifth of them are taker orders that add aggTrade and trade messages, and most move the
    /// top of the book (bookTicker), so the message rate is roughly 2.5 times this number.
    /// </summary>
    public double DefaultEventsPerSecond { get; init; } = 20;

    /// <summary>Per-symbol overrides of <see cref="DefaultEventsPerSecond"/>.</summary>
    public IReadOnlyDictionary<string, double> EventsPerSecond { get; init; } = new Dictionary<string, double>();

    /// <summary>How many exchange seconds pass per real second (60 = one exchange minute per second).</summary>
    public double ClockSpeed { get; init; } = 1;

    /// <summary>Exchange time at start; null means the real current time.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>Real-time interval between server pings (Binance: 3 minutes).</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Real time a client has to answer a ping before it is dropped (Binance: 10 minutes).</summary>
    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Real time after which the server closes a WebSocket connection (Binance: 24 hours).</summary>
    public TimeSpan ConnectionLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>USD-M REST (<c>/fapi</c>) request weight allowed per IP per minute.</summary>
    public int WeightLimitPerMinute { get; init; } = 2400;

    /// <summary>COIN-M REST (<c>/dapi</c>) request weight per IP per minute, a budget of its own (Binance: 2400).</summary>
    public int CoinMWeightLimitPerMinute { get; init; } = 2400;

    /// <summary>Spot REST (<c>/api</c>) request weight per IP per minute, a budget of its own (Binance: 6000).</summary>
    public int SpotWeightLimitPerMinute { get; init; } = 6000;

    /// <summary>Real-time interval between server pings on spot connections (Binance: 20 seconds).</summary>
    public TimeSpan SpotPingInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Real time a spot client has to answer a ping before it is dropped (Binance: 60 seconds).</summary>
    public TimeSpan SpotPongTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Messages a spot client may send per second on one connection; one more closes it (Binance: 5).</summary>
    public int SpotMaxIncomingMessagesPerSecond { get; init; } = 5;

    /// <summary>Streams one spot connection may subscribe (Binance: 1024).</summary>
    public int SpotMaxStreamsPerConnection { get; init; } = 1024;

    /// <summary>Streams one COIN-M connection may subscribe (Binance: 200).</summary>
    public int CoinMMaxStreamsPerConnection { get; init; } = 200;

    /// <summary>Length of the 418 ban earned by requesting while told to back off.</summary>
    public TimeSpan BanDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Requests made during a 429 back-off before the IP is banned with 418.</summary>
    public int ViolationsBeforeBan { get; init; } = 3;

    /// <summary>When set, every generated event is also written to <c>DIR/{SYMBOL}/{stream}.jsonl</c> (COIN-M: <c>DIR/cm/{SYMBOL}</c>, spot: <c>DIR/spot/{SYMBOL}</c>).</summary>
    public string? TruthDirectory { get; init; }

    /// <summary>A hftbacktest capture (<c>*.gz</c>) to serve instead of a generated market.</summary>
    public string? ReplayFile { get; init; }

    /// <summary>Replay pace: 1 = original, 10 = ten times faster, 0 = as fast as clients read.</summary>
    public double ReplaySpeed { get; init; } = 1;

    /// <summary>aggTrades kept per symbol for <c>/fapi/v1/aggTrades</c>; older ones are gone, like a gap.</summary>
    public int AggTradeHistory { get; init; } = 100_000;

    /// <summary>Closed 1m candles kept per symbol for <c>/fapi/v1/klines</c>.</summary>
    public int KlineHistory { get; init; } = 10_000;

    /// <summary>aggTrades per day in the generated historical dumps of the days before the start (one every 30 s by default).</summary>
    public int DumpTradesPerDay { get; init; } = 2880;

    /// <summary>Frames queued per connection before the client counts as too slow and is disconnected.</summary>
    public int SendQueueCapacity { get; init; } = 20_000;

    /// <summary>Messages a client may send per second on one connection; one more closes it.</summary>
    public int MaxIncomingMessagesPerSecond { get; init; } = 10;

    /// <summary>Streams one connection may subscribe.</summary>
    public int MaxStreamsPerConnection { get; init; } = 1024;

    /// <summary>Rate multiplier during a burst; 1 disables bursts.</summary>
    public double BurstMultiplier { get; init; } = 4;

    /// <summary>Mean exchange time between the starts of two bursts.</summary>
    public TimeSpan MeanTimeBetweenBursts { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The symbols of one market.</summary>
    public IReadOnlyList<string> SymbolsOf(SimMarket market) => market switch
    {
        SimMarket.CoinM => CoinMSymbols,
        SimMarket.Spot => SpotSymbols,
        _ => Symbols,
    };

    /// <summary>The transactions per second for one symbol (an <see cref="EventsPerSecond"/> entry applies to that name in every market).</summary>
    public double RateFor(string symbol) =>
        EventsPerSecond.TryGetValue(symbol, out var rate) ? rate
        : EventsPerSecond.FirstOrDefault(e => string.Equals(e.Key, symbol, StringComparison.OrdinalIgnoreCase)) is { Key: not null } match ? match.Value
        : DefaultEventsPerSecond;

    /// <summary>Throws <see cref="ArgumentException"/> with a sentence the user can act on.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"port {Port} is outside 0..65535");
        }

        if (ReplayFile is null && Symbols.Count + CoinMSymbols.Count + SpotSymbols.Count == 0)
        {
            throw new ArgumentException("at least one symbol is required");
        }

        foreach (var symbol in Symbols.Concat(SpotSymbols))
        {
            if (string.IsNullOrWhiteSpace(symbol) || !symbol.All(char.IsAsciiLetterOrDigit))
            {
                throw new ArgumentException($"symbol '{symbol}' must be letters and digits only, e.g. BTCUSDT");
            }
        }

        foreach (var symbol in Symbols)
        {
            // The truth of COIN-M and spot symbols lives in DIR/cm and DIR/spot.
            if (symbol.Equals("CM", StringComparison.OrdinalIgnoreCase) || symbol.Equals("SPOT", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"symbol '{symbol}' is reserved (it names the truth folder of a market)");
            }
        }

        foreach (var symbol in CoinMSymbols)
        {
            if (string.IsNullOrWhiteSpace(symbol) || !symbol.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ArgumentException($"COIN-M symbol '{symbol}' must be letters, digits and '_' only, e.g. BTCUSD_PERP");
            }
        }

        CheckRate("default rate", DefaultEventsPerSecond);
        foreach (var (symbol, rate) in EventsPerSecond)
        {
            CheckRate($"rate for {symbol}", rate);
        }

        if (!(ClockSpeed > 0) || double.IsInfinity(ClockSpeed))
        {
            throw new ArgumentException($"clock speed must be a positive number, not {ClockSpeed}");
        }

        if (PingInterval <= TimeSpan.Zero || PongTimeout <= TimeSpan.Zero || ConnectionLifetime <= TimeSpan.Zero ||
            SpotPingInterval <= TimeSpan.Zero || SpotPongTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("ping interval, pong timeout and connection lifetime must be positive");
        }

        if (WeightLimitPerMinute <= 0 || CoinMWeightLimitPerMinute <= 0 || SpotWeightLimitPerMinute <= 0)
        {
            throw new ArgumentException("the weight limit must be positive");
        }

        if (ReplaySpeed < 0 || double.IsNaN(ReplaySpeed))
        {
            throw new ArgumentException("replay speed must be 0 (as fast as possible) or positive");
        }

        if (AggTradeHistory < 1 || KlineHistory < 1 || SendQueueCapacity < 16 || DumpTradesPerDay is < 1 or > 86_400_000 ||
            MaxIncomingMessagesPerSecond < 1 || MaxStreamsPerConnection < 1 || ViolationsBeforeBan < 1 ||
            SpotMaxIncomingMessagesPerSecond < 1 || SpotMaxStreamsPerConnection < 1 || CoinMMaxStreamsPerConnection < 1)
        {
            throw new ArgumentException("history, queue and limit sizes must be positive");
        }

        if (BurstMultiplier < 1 || MeanTimeBetweenBursts <= TimeSpan.Zero)
        {
            throw new ArgumentException("the burst multiplier must be at least 1 and the time between bursts positive");
        }

        static void CheckRate(string what, double rate)
        {
            if (!(rate > 0) || rate > 200_000)
            {
                throw new ArgumentException($"{what} must be between 0 and 200000 events per second, not {rate}");
            }
        }
    }
}

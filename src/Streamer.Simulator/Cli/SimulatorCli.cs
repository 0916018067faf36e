using System.CommandLine;
using System.CommandLine.Parsing;

namespace Streamer.Simulator.Cli;

/// <summary>
/// The <c>simulate</c> command: its options, their validation and how they become <see cref="SimulatorOptions"/>.
/// <c>streamer</c> mounts <see cref="Command"/> in its own command line (help, completion, typo suggestions), and
/// <see cref="SimulatorCommand.RunAsync(string[], CancellationToken)"/> parses with the same definitions.
/// </summary>
public sealed class SimulatorCli
{
    // Market
    private readonly Option<IReadOnlyList<string>> _symbols = new("--symbols")
    {
        HelpName = "A,B",
        Description = "symbols to simulate (default BTCUSDT,ETHUSDT); exchangeInfo lists ~300",
        CustomParser = r => SplitSymbols(r.Tokens[0].Value),
    };

    private readonly Option<IReadOnlyList<string>> _cmSymbols = new("--cm-symbols")
    {
        HelpName = "A,B",
        Description = "COIN-M futures symbols to simulate too, e.g. BTCUSD_PERP (default none): /dapi/v1 and ws /cm",
        CustomParser = r => SplitSymbols(r.Tokens[0].Value),
    };

    private readonly Option<IReadOnlyList<string>> _spotSymbols = new("--spot-symbols")
    {
        HelpName = "A,B",
        Description = "spot symbols to simulate too, e.g. BTCUSDT (default none; independent of the USD-M ones): /api/v3 and ws /spot",
        CustomParser = r => SplitSymbols(r.Tokens[0].Value),
    };

    private readonly Option<long> _seed = ValueOption.Long("--seed", "N", "random seed (default 1); same seed + options = same events");
    private readonly Option<double> _rate = ValueOption.Double("--rate", "N", "book transactions per second per symbol (default 20; ~2.5 messages each)");
    private readonly Option<IReadOnlyDictionary<string, double>> _rateFor = new("--rate-for")
    {
        HelpName = "SYMBOL=N",
        Description = "rate for one symbol (repeatable)",
        Arity = ArgumentArity.OneOrMore,
        CustomParser = ParseRates,
    };

    private readonly Option<double> _burst = ValueOption.Double("--burst", "X", "rate multiplier during bursts (default 4; 1 = no bursts)");
    private readonly Option<TimeSpan> _burstEvery = ValueOption.Duration("--burst-every", "mean exchange time between bursts (default 30s)");
    private readonly Option<double> _clockSpeed = ValueOption.Double("--clock-speed", "X", "exchange seconds per real second (default 1; 60 = a minute per second)");
    private readonly Option<DateTimeOffset> _startTime = ValueOption.Instant("--start-time", "exchange time at start, e.g. 2026-01-01T23:59:30Z (default now)");
    private readonly Option<int> _history = ValueOption.Int("--history", "N", "aggTrades kept for /fapi/v1/aggTrades (default 100000)");
    private readonly Option<int> _klineHistory = ValueOption.Int("--kline-history", "N", "closed 1m candles kept for /fapi/v1/klines (default 10000)");
    private readonly Option<string> _truthDir = new("--truth-dir") { HelpName = "DIR", Description = "write every generated event to DIR/{SYMBOL}/{stream}.jsonl (COIN-M: DIR/cm/{SYMBOL}, spot: DIR/spot/{SYMBOL})" };

    // Replay
    private readonly Option<string> _replay = new("--replay")
    {
        HelpName = "FILE",
        Description = "serve a hftbacktest capture (*.gz) instead of a generated market: its messages on the right routes and its REST "
            + "snapshot on /fapi/v1/depth once the replay has passed it; starts when the first client subscribes",
    };

    private readonly Option<double> _replaySpeed = ValueOption.Double("--replay-speed", "X", "1 = original pace (default), 10 = ten times faster, 0 = as fast as read");

    // Server
    private readonly Option<string> _host = new("--host") { HelpName = "ADDRESS", Description = "listen address (default 127.0.0.1)" };
    private readonly Option<int> _port = ValueOption.Int("--port", "N", "listen port (default 0 = any free port)");
    private readonly Option<TimeSpan> _pingInterval = ValueOption.Duration("--ping-interval", "server ping interval (default 3m)");
    private readonly Option<TimeSpan> _pongTimeout = ValueOption.Duration("--pong-timeout", "drop a client that has not answered a ping within this (default 10m)");
    private readonly Option<TimeSpan> _lifetime = ValueOption.Duration("--lifetime", "close every connection after this long (default 24h)");
    private readonly Option<int> _sendQueue = ValueOption.Int("--send-queue", "N", "frames queued per connection before a slow client is cut (default 20000)");
    private readonly Option<int> _weightLimit = ValueOption.Int("--weight-limit", "N", "REST weight per IP per minute (default 2400); over it: 429 + Retry-After");
    private readonly Option<int> _cmWeightLimit = ValueOption.Int("--cm-weight-limit", "N", "COIN-M REST weight per IP per minute (default 2400), a budget of its own");
    private readonly Option<int> _spotWeightLimit = ValueOption.Int("--spot-weight-limit", "N", "spot REST weight per IP per minute (default 6000), a budget of its own");
    private readonly Option<int> _violationsBeforeBan = ValueOption.Int("--violations-before-ban", "N", "requests during a 429 back-off before a 418 ban (default 3)");
    private readonly Option<TimeSpan> _ban = ValueOption.Duration("--ban", "length of a 418 ban (default 2m)");

    /// <summary>Adds the simulator's options to a new <c>simulate</c> command.</summary>
    public SimulatorCli()
    {
        Command = new Command("simulate", "run only the simulated exchange (Binance-compatible REST and WebSockets on loopback)");
        foreach (var option in new Option[]
                 {
                     _symbols, _cmSymbols, _spotSymbols, _seed, _rate, _rateFor, _burst, _burstEvery, _clockSpeed, _startTime, _history, _klineHistory, _truthDir,
                     _replay, _replaySpeed,
                     _host, _port, _pingInterval, _pongTimeout, _lifetime, _sendQueue, _weightLimit, _cmWeightLimit, _spotWeightLimit, _violationsBeforeBan, _ban,
                 })
        {
            Command.Add(option);
        }

        // Rules that span options (a positive clock speed, rates in range, ...) live in SimulatorOptions.Validate.
        Command.Validators.Add(result =>
        {
            try
            {
                Read(result.GetResult).Validate();
            }
            catch (ArgumentException e)
            {
                result.AddError(e.Message);
            }
            catch (InvalidOperationException)
            {
                // A value that did not parse: its own error already says so.
            }
        });
    }

    /// <summary>The <c>simulate</c> command.</summary>
    public Command Command { get; }

    /// <summary>What <c>simulate --help</c> prints after the options: the routes, the admin API and the exit codes.</summary>
    public static string Notes { get; } =
        """
        Routes (like Binance since 2026-04):
          ws://HOST:PORT/public/ws/<s1>/<s2>   ws://HOST:PORT/public/stream?streams=<s1>/<s2>
              <symbol>@depth  @depth@500ms  @depth@100ms  @depth@0ms  <symbol>@bookTicker
          ws://HOST:PORT/market/ws/<s1>/<s2>   ws://HOST:PORT/market/stream?streams=<s1>/<s2>
              <symbol>@aggTrade  @trade  @kline_1m  @markPrice  @markPrice@1s  @forceOrder  !forceOrder@arr
          REST /fapi/v1/{depth,aggTrades,klines,exchangeInfo,time,ping}
        COIN-M (--cm-symbols), one route for every stream:
          ws://HOST:PORT/cm/ws/<s1>/<s2>   ws://HOST:PORT/cm/stream?streams=<s1>/<s2>
              <symbol>@aggTrade  @depth  @depth@500ms  @depth@100ms  @bookTicker  @kline_1m  @markPrice  @markPrice@1s  @forceOrder  !forceOrder@arr
          REST /dapi/v1/{depth,aggTrades,klines,exchangeInfo,time,ping}   (own weight budget, 2400/min)
        Spot (--spot-symbols), one route for every stream:
          ws://HOST:PORT/spot/ws/<s1>/<s2>   ws://HOST:PORT/spot/stream?streams=<s1>/<s2>
              <symbol>@aggTrade  @trade  @depth (1000ms)  @depth@100ms  @bookTicker  @kline_1m
          REST /api/v3/{depth,aggTrades,klines,exchangeInfo,time,ping}    (own weight budget, 6000/min)
        A stream on the wrong route, or on the legacy /ws and /stream paths, is acknowledged and silent.
        When listening it prints one line: simulator listening on http://HOST:PORT
        DURATION is 500ms, 10s, 3m, 24h or 2d.

        Admin API (same port; no weight; route=public|market|legacy and symbol=X filter connections;
        market=um|cm|spot (default um) picks the market of the symbol, connections and REST faults):
          GET  /admin/stats                         connections per route, messages sent, ids per symbol
          POST /admin/drop?route=&symbol=           abort matching WebSockets (no close frame)
          POST /admin/close?route=&symbol=          close matching WebSockets with a close frame
          POST /admin/depth-gap?symbol=X            withhold the next depth event on every speed
          POST /admin/stall?seconds=N&route=&symbol= send nothing for N s (meanwhile data is lost to them)
          POST /admin/malformed?route=&symbol=      send one text frame that is not valid JSON
          POST /admin/rest-error?status=429|418&seconds=N   force REST errors for N s (0 clears)
          POST /admin/dump-fault?file=NAME.zip&fault=missing|checksum|truncated|none   a dump archive: 404, bad CHECKSUM, half of it
          POST /admin/pause-trades?symbol=X         no trades for X; /admin/resume-trades?symbol=X undoes
          POST /admin/pause                         pause the market (truth flushed before the reply)
          POST /admin/resume                        resume at the current exchange time
          POST /admin/flush                         flush the ground truth
          POST /admin/rate?factor=F                 every symbol's transaction rate x F (1 = as configured)
          e.g. curl -X POST 'http://127.0.0.1:PORT/admin/depth-gap?symbol=BTCUSDT'

        Historical dumps (same port, like data.binance.vision, for the days before the start day):
          GET  /data/futures/um/daily/aggTrades/SYM/SYM-aggTrades-YYYY-MM-DD.zip[.CHECKSUM]
          GET  /data/futures/um/daily/klines/SYM/1m/SYM-1m-YYYY-MM-DD.zip[.CHECKSUM]   (monthly/...-YYYY-MM.zip too)
          streamer history download --base-url http://127.0.0.1:PORT --from ... fetches them

        Exit codes: 0 stopped normally, 1 could not start (e.g. port in use), 2 bad arguments.

        """;

    /// <summary>The options of a parse without errors.</summary>
    public SimulatorOptions Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Read(result.GetResult);
    }

    // A command validator sees a CommandResult, an invocation a ParseResult: both find an option's result.
    private SimulatorOptions Read(Func<Option, OptionResult?> given)
    {
        T Or<T>(Option<T> option, T fallback) => given(option) is { Implicit: false } result ? result.GetValueOrDefault<T>() : fallback;
        string? Text(Option<string> option, string? fallback) => given(option) is { Implicit: false } result ? result.GetValueOrDefault<string>() : fallback;
        var defaults = new SimulatorOptions();
        return defaults with
        {
            Host = Or(_host, defaults.Host),
            Port = Or(_port, defaults.Port),
            Seed = Or(_seed, defaults.Seed),
            Symbols = Or(_symbols, defaults.Symbols),
            CoinMSymbols = Or(_cmSymbols, defaults.CoinMSymbols),
            SpotSymbols = Or(_spotSymbols, defaults.SpotSymbols),
            DefaultEventsPerSecond = Or(_rate, defaults.DefaultEventsPerSecond),
            EventsPerSecond = Or(_rateFor, defaults.EventsPerSecond),
            ClockSpeed = Or(_clockSpeed, defaults.ClockSpeed),
            StartTime = given(_startTime) is { Implicit: false } start ? start.GetValueOrDefault<DateTimeOffset>() : defaults.StartTime,
            PingInterval = Or(_pingInterval, defaults.PingInterval),
            PongTimeout = Or(_pongTimeout, defaults.PongTimeout),
            ConnectionLifetime = Or(_lifetime, defaults.ConnectionLifetime),
            WeightLimitPerMinute = Or(_weightLimit, defaults.WeightLimitPerMinute),
            CoinMWeightLimitPerMinute = Or(_cmWeightLimit, defaults.CoinMWeightLimitPerMinute),
            SpotWeightLimitPerMinute = Or(_spotWeightLimit, defaults.SpotWeightLimitPerMinute),
            BanDuration = Or(_ban, defaults.BanDuration),
            ViolationsBeforeBan = Or(_violationsBeforeBan, defaults.ViolationsBeforeBan),
            TruthDirectory = Text(_truthDir, defaults.TruthDirectory),
            ReplayFile = Text(_replay, defaults.ReplayFile),
            ReplaySpeed = Or(_replaySpeed, defaults.ReplaySpeed),
            AggTradeHistory = Or(_history, defaults.AggTradeHistory),
            KlineHistory = Or(_klineHistory, defaults.KlineHistory),
            SendQueueCapacity = Or(_sendQueue, defaults.SendQueueCapacity),
            BurstMultiplier = Or(_burst, defaults.BurstMultiplier),
            MeanTimeBetweenBursts = Or(_burstEvery, defaults.MeanTimeBetweenBursts),
        };
    }

    private static List<string> SplitSymbols(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant())];

    private static Dictionary<string, double> ParseRates(ArgumentResult result)
    {
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var token in result.Tokens)
        {
            var value = token.Value;
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                result.AddError($"--rate-for expects SYMBOL=N, e.g. --rate-for BTCUSDT=500, not '{value}'");
                return rates;
            }

            if (!ValueOption.TryDouble(value[(equals + 1)..], out var rate))
            {
                result.AddError($"--rate-for expects a number after '=', not '{value[(equals + 1)..]}'");
                return rates;
            }

            rates[value[..equals].Trim().ToUpperInvariant()] = rate;
        }

        return rates;
    }
}

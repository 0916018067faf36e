using Streamer.Simulator.Cli;

namespace Streamer.Simulator;

/// <summary>The <c>streamer simulate</c> role: parses arguments, runs the exchange until cancelled.</summary>
public static class SimulatorCommand
{
    /// <summary>Printed by <c>--help</c>: every option and the admin API.</summary>
    public static string HelpText { get; } =
        """
        streamer simulate [options]

        Runs a Binance-compatible USD-M futures exchange on loopback: REST /fapi/v1/{depth,aggTrades,
        klines,exchangeInfo,time,ping} and WebSockets routed like Binance since 2026-04:
          ws://HOST:PORT/public/ws/<s1>/<s2>   ws://HOST:PORT/public/stream?streams=<s1>/<s2>
              <symbol>@depth  @depth@500ms  @depth@100ms  @depth@0ms  <symbol>@bookTicker
          ws://HOST:PORT/market/ws/<s1>/<s2>   ws://HOST:PORT/market/stream?streams=<s1>/<s2>
              <symbol>@aggTrade  @trade  @kline_1m  @markPrice  @markPrice@1s  @forceOrder  !forceOrder@arr
        A stream on the wrong route, or on the legacy /ws and /stream paths, is acknowledged and silent.
        When listening it prints one line: simulator listening on http://HOST:PORT

        Market
          --symbols A,B            symbols to simulate (default BTCUSDT,ETHUSDT); exchangeInfo lists ~300
          --seed N                 random seed (default 1); same seed + options = same events
          --rate N                 book transactions per second per symbol (default 20; ~2.5 messages each)
          --rate-for SYMBOL=N      rate for one symbol (repeatable)
          --burst X                rate multiplier during bursts (default 4; 1 = no bursts)
          --burst-every DURATION   mean exchange time between bursts (default 30s)
          --clock-speed X          exchange seconds per real second (default 1; 60 = a minute per second)
          --start-time INSTANT     exchange time at start, e.g. 2026-01-01T23:59:30Z (default now)
          --history N              aggTrades kept for /fapi/v1/aggTrades (default 100000)
          --kline-history N        closed 1m candles kept for /fapi/v1/klines (default 10000)
          --truth-dir DIR          write every generated event to DIR/{SYMBOL}/{stream}.jsonl

        Replay (instead of a generated market)
          --replay FILE            serve a hftbacktest capture (*.gz): its messages on the right routes
                                   and its REST snapshot on /fapi/v1/depth once the replay has passed it;
                                   starts when the first client subscribes
          --replay-speed X         1 = original pace (default), 10 = ten times faster, 0 = as fast as read

        Server
          --host ADDRESS           listen address (default 127.0.0.1)
          --port N                 listen port (default 0 = any free port)
          --ping-interval DURATION server ping interval (default 3m)
          --pong-timeout DURATION  drop a client that has not answered a ping within this (default 10m)
          --lifetime DURATION      close every connection after this long (default 24h)
          --send-queue N           frames queued per connection before a slow client is cut (default 20000)
          --weight-limit N         REST weight per IP per minute (default 2400); over it: 429 + Retry-After
          --violations-before-ban N requests during a 429 back-off before a 418 ban (default 3)
          --ban DURATION           length of a 418 ban (default 2m)
          DURATION is 500ms, 10s, 3m, 24h or 2d.

        Admin API (same port; no weight; route=public|market|legacy and symbol=X filter connections)
          GET  /admin/stats                         connections per route, messages sent, ids per symbol
          POST /admin/drop?route=&symbol=           abort matching WebSockets (no close frame)
          POST /admin/close?route=&symbol=          close matching WebSockets with a close frame
          POST /admin/depth-gap?symbol=X            withhold the next depth event on every speed
          POST /admin/stall?seconds=N&route=&symbol= send nothing for N s (meanwhile data is lost to them)
          POST /admin/malformed?route=&symbol=      send one text frame that is not valid JSON
          POST /admin/rest-error?status=429|418&seconds=N   force REST errors for N s (0 clears)
          POST /admin/dump-fault?file=NAME.zip&fault=missing|checksum|truncated|none   a dump archive: 404, bad CHECKSUM, half of it

        Historical dumps (same port, like data.binance.vision, for the days before the start day)
          GET  /data/futures/um/daily/aggTrades/SYM/SYM-aggTrades-YYYY-MM-DD.zip[.CHECKSUM]
          GET  /data/futures/um/daily/klines/SYM/1m/SYM-1m-YYYY-MM-DD.zip[.CHECKSUM]   (monthly/...-YYYY-MM.zip too)
          streamer history download --base-url http://127.0.0.1:PORT --from ... fetches them
          POST /admin/pause-trades?symbol=X         no trades for X; /admin/resume-trades?symbol=X undoes
          POST /admin/pause                         pause the market (truth flushed before the reply)
          POST /admin/resume                        resume at the current exchange time
          POST /admin/flush                         flush the ground truth
          POST /admin/rate?factor=F                 every symbol's transaction rate x F (1 = as configured)
          e.g. curl -X POST 'http://127.0.0.1:PORT/admin/depth-gap?symbol=BTCUSDT'

        Exit codes: 0 stopped normally, 1 could not start (e.g. port in use), 2 bad arguments.
        """;

    /// <summary>
    /// Checks simulator arguments without starting anything: null when they parse, else the problem. Lets
    /// <c>streamer --simulate ...</c> refuse bad ones at once instead of restarting a simulator that exits 2.
    /// </summary>
    public static string? Validate(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(a => a is "--help" or "-h" or "help"))
        {
            return null;
        }

        try
        {
            ArgumentParser.Parse([.. args]);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Runs until <paramref name="ct"/> is cancelled. <c>--help</c> prints <see cref="HelpText"/> (exit 0);
    /// bad arguments print one line to stderr (exit 2); a failure to start prints one line (exit 1).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(a => a is "--help" or "-h" or "help"))
        {
            await Console.Out.WriteAsync(HelpText).ConfigureAwait(false);
            await Console.Out.WriteLineAsync().ConfigureAwait(false);
            return 0;
        }

        SimulatorOptions options;
        try
        {
            options = ArgumentParser.Parse(args);
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"simulate: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        SimulatedExchange exchange;
        try
        {
            exchange = await SimulatedExchange.StartAsync(options, ct).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"simulate: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (IOException e)
        {
            // Kestrel reports an address in use as an IOException; so does an unwritable truth directory.
            await Console.Error.WriteLineAsync($"simulate: could not start on {options.Host}:{options.Port}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            await Console.Error.WriteLineAsync($"simulate: could not start: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (exchange.ConfigureAwait(false))
        {
            await Console.Out.WriteLineAsync($"simulator listening on {exchange.RestBaseUrl.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            await Console.Out.FlushAsync(ct).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
    }
}

using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Streamer.Simulator.Clock;
using Streamer.Simulator.Dumps;
using Streamer.Simulator.Faults;
using Streamer.Simulator.Market;
using Streamer.Simulator.Replay;
using Streamer.Simulator.Rest;
using Streamer.Simulator.Truth;
using Streamer.Simulator.WebSockets;

namespace Streamer.Simulator;

/// <summary>
/// A Binance-compatible exchange on loopback: USD-M futures (REST <c>/fapi/v1/...</c>, routed
/// WebSockets <c>/public</c>, <c>/market</c>), COIN-M futures (<c>/dapi/v1</c>, <c>/cm</c>) and spot
/// (<c>/api/v3</c>, <c>/spot</c>), a seeded generated market or a replayed capture,
/// fault injection (methods here and <c>/admin/...</c> over HTTP) and a ground truth on disk.
/// </summary>
public sealed partial class SimulatedExchange : IAsyncDisposable
{
    private readonly SimulatorOptions _options;
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly SimulationClock _clock;
    private readonly Dictionary<string, MarketEngine> _engines;
    private readonly Dictionary<SimMarket, Dictionary<string, MarketEngine>> _markets;
    private readonly ConnectionHub _hub;
    private readonly TruthRecorder? _truth;
    private readonly ReplayEngine? _replay;
    private readonly Dictionary<SimMarket, RestFaults> _restFaults;
    private readonly Dictionary<SimMarket, WeightLimiter> _limiters;
    private readonly DumpsTree _dumps;
    private readonly List<Task> _running = [];
    private readonly object _pauseGate = new();
    private int _disposed;
    private volatile bool _paused;

    private SimulatedExchange(
        SimulatorOptions options, WebApplication app, CancellationTokenSource stopping, SimulationClock clock,
        Dictionary<SimMarket, Dictionary<string, MarketEngine>> markets, ConnectionHub hub, TruthRecorder? truth, ReplayEngine? replay,
        Dictionary<SimMarket, RestFaults> restFaults, Dictionary<SimMarket, WeightLimiter> limiters, DumpsTree dumps)
    {
        _limiters = limiters;
        _markets = markets;
        _dumps = dumps;
        _options = options;
        _app = app;
        _stopping = stopping;
        _clock = clock;
        _engines = markets[SimMarket.UsdM];
        _hub = hub;
        _truth = truth;
        _replay = replay;
        _restFaults = restFaults;
    }

    /// <summary>The TCP port Kestrel listens on (the real one when <see cref="SimulatorOptions.Port"/> was 0).</summary>
    public int Port { get; private set; }

    /// <summary><c>http://127.0.0.1:{port}</c>: base of <c>/fapi/v1/...</c> and <c>/admin/...</c>.</summary>
    public Uri RestBaseUrl { get; private set; } = null!;

    /// <summary><c>ws://127.0.0.1:{port}/public</c>: append <c>/ws/...</c> or <c>/stream?streams=...</c>.</summary>
    public Uri PublicWsUrl { get; private set; } = null!;

    /// <summary><c>ws://127.0.0.1:{port}/market</c>: append <c>/ws/...</c> or <c>/stream?streams=...</c>.</summary>
    public Uri MarketWsUrl { get; private set; } = null!;

    /// <summary><c>ws://127.0.0.1:{port}/cm</c>: every COIN-M stream; append <c>/ws/...</c> or <c>/stream?streams=...</c>.</summary>
    public Uri CoinMWsUrl { get; private set; } = null!;

    /// <summary><c>ws://127.0.0.1:{port}/spot</c>: every spot stream; append <c>/ws/...</c> or <c>/stream?streams=...</c>.</summary>
    public Uri SpotWsUrl { get; private set; } = null!;

    /// <summary>The options this exchange runs with.</summary>
    public SimulatorOptions Options => _options;

    /// <summary>Base of the historical dumps tree (<c>data/futures/um/...</c>, like data.binance.vision): the same port.</summary>
    public Uri DumpsBaseUrl => RestBaseUrl;

    /// <summary>Exchange time now (it may run faster than real time, from any start).</summary>
    public DateTimeOffset ExchangeTime => DateTimeOffset.FromUnixTimeMilliseconds(_clock.NowMillis);

    /// <summary>True while the whole market is paused.</summary>
    public bool IsPaused => _paused;

    /// <summary>Completes when a replay has served its whole capture; never completes without a replay.</summary>
    public Task ReplayCompletion => _replay?.Completion ?? Task.Delay(Timeout.Infinite, _stopping.Token);

    /// <summary>Starts the engines and Kestrel; returns once the port is listening.</summary>
    /// <exception cref="ArgumentException">The options are invalid (the message says which and why).</exception>
    public static async Task<SimulatedExchange> StartAsync(SimulatorOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var address = ParseHost(options.Host);

        var stopping = new CancellationTokenSource();
        TruthRecorder? truth = null;
        try
        {
            var clock = new SimulationClock(options.StartTime ?? TimeProvider.System.GetUtcNow(), options.ClockSpeed);
            var streams = new StreamRegistry(createOnDemand: options.ReplayFile is not null);
            var hub = new ConnectionHub(options, streams, stopping.Token);
            truth = options.TruthDirectory is { } directory && options.ReplayFile is null ? new TruthRecorder(directory) : null;

            ReplayEngine? replay = null;
            if (options.ReplayFile is { } file)
            {
                replay = await ReplayEngine.OpenAsync(file, options.ReplaySpeed, streams, ct).ConfigureAwait(false);
                replay.Attach(stopping.Token);
            }

            // One engine per symbol and market; USD-M is built first and exactly as before, so adding
            // COIN-M or spot symbols changes nothing it produces.
            var markets = new Dictionary<SimMarket, Dictionary<string, MarketEngine>>();
            var rests = new List<RestEndpoints>();
            var restFaults = new Dictionary<SimMarket, RestFaults>();
            var limiters = new Dictionary<SimMarket, WeightLimiter>();
            foreach (var profile in MarketProfile.All)
            {
                var symbols = options.ReplayFile is null
                    ? options.SymbolsOf(profile.Market).Select(s => s.ToUpperInvariant()).Distinct().ToList()
                    : [];
                var catalog = SymbolCatalog.For(profile.Market, symbols);
                var engines = new Dictionary<string, MarketEngine>(StringComparer.Ordinal);
                if (options.ReplayFile is null)
                {
                    var allForceOrders = profile.HasForceOrder ? streams.Create(profile.RouteOf("forceOrder"), "!forceOrder@arr") : null;
                    foreach (var symbol in symbols)
                    {
                        engines[symbol] = new MarketEngine(profile, catalog.Find(symbol)!, options, clock, streams, truth, allForceOrders);
                    }
                }

                var restProfile = RestProfile.All.First(r => r.Market == profile.Market);
                var faults = new RestFaults(TimeProvider.System);
                var limiter = new WeightLimiter(restProfile.WeightLimit(options), options.BanDuration, options.ViolationsBeforeBan, TimeProvider.System);
                var exchangeInfo = profile.Market switch
                {
                    SimMarket.CoinM => CoinMExchangeInfo.Build(catalog, limiter.Limit),
                    SimMarket.Spot => SpotExchangeInfo.Build(catalog, limiter.Limit),
                    _ => new ExchangeInfo(catalog, limiter.Limit),
                };
                rests.Add(new RestEndpoints(
                    restProfile, engines, catalog, profile.Market == SimMarket.UsdM ? replay : null, clock, limiter, faults, exchangeInfo));
                markets[profile.Market] = engines;
                restFaults[profile.Market] = faults;
                limiters[profile.Market] = limiter;
            }

            var webSockets = new WebSocketEndpoint(hub);
            var startDay = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(clock.StartMicros / 1000).UtcDateTime);
            var dumps = new DumpsTree(markets[SimMarket.UsdM], startDay, options.DumpTradesPerDay, options.Seed);

            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Streamer.Simulator" });
            // Warnings and errors only, and to stderr: stdout carries the one "listening" line.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
            builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                // Up to 1024 stream names in one URL is legal; Kestrel's 8 KB default line is not enough.
                k.Limits.MaxRequestLineSize = 128 * 1024;
                k.Limits.MaxRequestHeadersTotalSize = 160 * 1024;
                k.Listen(address, options.Port);
            });
            var app = builder.Build();
            var exchange = new SimulatedExchange(options, app, stopping, clock, markets, hub, truth, replay, restFaults, limiters, dumps);
            var admin = new AdminEndpoints(exchange);
            app.UseWebSockets();
            app.Run(context => Dispatch(context, rests, admin, webSockets, dumps));

            try
            {
                await app.StartAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            exchange.BindAddresses();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Streamer.Simulator");
            foreach (var engine in exchange.AllEngines)
            {
                exchange._running.Add(Task.Run(() => RunEngineAsync(engine, logger, stopping.Token), CancellationToken.None));
            }

            return exchange;
        }
        catch
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            truth?.Dispose();
            stopping.Dispose();
            throw;
        }
    }

    /// <summary>Stops the market (truth is flushed and closed), cuts every connection and stops Kestrel.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var task in _running)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _truth?.Dispose();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static async Task RunEngineAsync(MarketEngine engine, ILogger logger, CancellationToken stopping)
    {
        try
        {
            await engine.RunAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A bug: say so loudly; the other symbols and the connections keep running.
            SimulatorLog.EngineFailed(logger, engine.Spec.Symbol, e);
        }
    }

    private static Task Dispatch(HttpContext context, List<RestEndpoints> rests, AdminEndpoints admin, WebSocketEndpoint webSockets, DumpsTree dumps)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/data/", StringComparison.Ordinal))
        {
            return dumps.HandleAsync(context, path);
        }

        // /fapi/ (USD-M), /dapi/ (COIN-M), /api/ (spot): the part before the version picks the host.
        foreach (var rest in rests)
        {
            var host = rest.Profile.Prefix[..(rest.Profile.Prefix.IndexOf('/', 1) + 1)];
            if (path.StartsWith(host, StringComparison.Ordinal))
            {
                return rest.HandleAsync(context, path);
            }
        }

        if (path.StartsWith("/admin/", StringComparison.Ordinal))
        {
            return admin.HandleAsync(context, path);
        }

        if (Routes.TryParsePath(path, out var route, out var combined, out var rawStreams))
        {
            return webSockets.HandleAsync(context, route, combined, rawStreams);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static IPAddress ParseHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(host, out var address)
            ? address
            : throw new ArgumentException($"host '{host}' is not an IP address (use e.g. 127.0.0.1 or 0.0.0.0)");
    }

    private void BindAddresses()
    {
        var server = _app.Services.GetRequiredService<IServer>();
        var bound = server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(bound).Port;
        // Clients always reach a wildcard listener through loopback.
        var host = _options.Host is "0.0.0.0" or "::" or "localhost" ? "127.0.0.1" : _options.Host;
        if (host.Contains(':', StringComparison.Ordinal))
        {
            host = $"[{host}]";
        }

        RestBaseUrl = new Uri($"http://{host}:{Port}");
        PublicWsUrl = new Uri($"ws://{host}:{Port}/public");
        MarketWsUrl = new Uri($"ws://{host}:{Port}/market");
        CoinMWsUrl = new Uri($"ws://{host}:{Port}/cm");
        SpotWsUrl = new Uri($"ws://{host}:{Port}/spot");
    }
}

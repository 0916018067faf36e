using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Streamer.Simulator.Clock;
using Streamer.Simulator.Faults;
using Streamer.Simulator.Market;
using Streamer.Simulator.Replay;
using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Rest;

/// <summary>
/// The REST surface of one market's host the recorder uses (<c>fapi.binance.com</c>, <c>dapi.binance.com</c>
/// or <c>api.binance.com</c>, see <see cref="RestProfile"/>). Every response carries
/// <c>X-MBX-USED-WEIGHT-1M</c> of that market's own budget; weights are Binance's.
/// </summary>
internal sealed class RestEndpoints
{
    private readonly RestProfile _profile;
    private readonly IReadOnlyDictionary<string, MarketEngine> _engines;
    private readonly SymbolCatalog _catalog;
    private readonly ReplayEngine? _replay;
    private readonly SimulationClock _clock;
    private readonly WeightLimiter _limiter;
    private readonly RestFaults _faults;
    private readonly ExchangeInfo _exchangeInfo;

    public RestEndpoints(
        IReadOnlyDictionary<string, MarketEngine> engines, SymbolCatalog catalog, ReplayEngine? replay,
        SimulationClock clock, WeightLimiter limiter, RestFaults faults)
        : this(RestProfile.UsdM, engines, catalog, replay, clock, limiter, faults, new ExchangeInfo(catalog, limiter.Limit))
    {
    }

    public RestEndpoints(
        RestProfile profile, IReadOnlyDictionary<string, MarketEngine> engines, SymbolCatalog catalog, ReplayEngine? replay,
        SimulationClock clock, WeightLimiter limiter, RestFaults faults, ExchangeInfo exchangeInfo)
    {
        _profile = profile;
        _engines = engines;
        _catalog = catalog;
        _replay = replay;
        _clock = clock;
        _limiter = limiter;
        _faults = faults;
        _exchangeInfo = exchangeInfo;
    }

    public RestProfile Profile => _profile;

    public WeightLimiter Limiter => _limiter;

    public RestFaults Faults => _faults;

    public async Task HandleAsync(HttpContext context, string path)
    {
        var query = context.Request.Query;
        var endpoint = path.StartsWith(_profile.Prefix, StringComparison.Ordinal) ? path[_profile.Prefix.Length..] : "";
        var weight = _profile.Weight(endpoint, query["limit"]);

        var ip = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
        var response = context.Response;
        if (_faults.Current() is { } forced)
        {
            response.Headers["X-MBX-USED-WEIGHT-1M"] = _limiter.Used(ip).ToString(CultureInfo.InvariantCulture);
            await RejectAsync(context, forced.Status, forced.RetryAfterSeconds, ip, _clock.NowMillis + (forced.RetryAfterSeconds * 1000L)).ConfigureAwait(false);
            return;
        }

        var verdict = _limiter.Charge(ip, weight);
        response.Headers["X-MBX-USED-WEIGHT-1M"] = verdict.UsedWeight.ToString(CultureInfo.InvariantCulture);
        if (verdict.Status != 200)
        {
            var until = verdict.BannedUntil?.ToUnixTimeMilliseconds() ?? 0;
            await RejectAsync(context, verdict.Status, verdict.RetryAfterSeconds, ip, until).ConfigureAwait(false);
            return;
        }

        var (status, body) = endpoint switch
        {
            "ping" => (200, "{}"u8.ToArray()),
            "time" => (200, ServerTime()),
            "exchangeInfo" => (200, _exchangeInfo.Render(_clock.NowMillis)),
            "depth" => await DepthAsync(query, context.RequestAborted).ConfigureAwait(false),
            "aggTrades" => AggTrades(query),
            "klines" => Klines(query),
            _ => (404, RestErrors.Body(-5000, $"Path {path}, Method {context.Request.Method} is invalid")),
        };

        await WriteAsync(context, status, body).ConfigureAwait(false);
    }

    private byte[] ServerTime()
    {
        var w = new PayloadWriter(40);
        w.Raw("{\"serverTime\":"u8);
        w.Int(_clock.NowMillis);
        w.Byte((byte)'}');
        return w.ToArray();
    }

    private async Task<(int, byte[])> DepthAsync(IQueryCollection query, CancellationToken cancellationToken)
    {
        if (!TryLong(query, "limit", out var limit, out var error))
        {
            return (400, error);
        }

        if (!_profile.TryDepthLimit(limit, out var depth))
        {
            return (400, RestErrors.InvalidLimit());
        }

        var symbol = Symbol(query);
        if (symbol is null)
        {
            return (400, RestErrors.MissingParameter("symbol"));
        }

        if (_replay is not null && symbol == _replay.Symbol)
        {
            // The capture's own snapshot, once the replay has passed its line.
            var recorded = await _replay.SnapshotAsync(cancellationToken).ConfigureAwait(false);
            return recorded is null
                ? (503, RestErrors.Body(-1000, "The replayed capture has no depth snapshot."))
                : (200, recorded);
        }

        if (!_engines.TryGetValue(symbol, out var engine))
        {
            return (400, RestErrors.InvalidSymbol);
        }

        var snapshot = engine.Snapshot(depth);
        var w = new PayloadWriter(64 * depth);
        engine.Profile.Format.DepthSnapshot(w, engine.Spec, snapshot);
        return (200, w.ToArray());
    }

    private (int, byte[]) AggTrades(IQueryCollection query)
    {
        if (!TryLong(query, "fromId", out var fromId, out var error) ||
            !TryLong(query, "startTime", out var startTime, out error) ||
            !TryLong(query, "endTime", out var endTime, out error) ||
            !TryLong(query, "limit", out var limit, out error))
        {
            return (400, error);
        }

        var symbol = Symbol(query);
        if (symbol is null)
        {
            return (400, RestErrors.MissingParameter("symbol"));
        }

        if (startTime is { } s && endTime is { } e && (e < s || e - s > 3_600_000))
        {
            return (400, RestErrors.Body(-1127, "More than 1 hours between startTime and endTime."));
        }

        if (_replay is not null && symbol == _replay.Symbol)
        {
            return (200, "[]"u8.ToArray());
        }

        if (!_engines.TryGetValue(symbol, out var engine))
        {
            return (400, RestErrors.InvalidSymbol);
        }

        var count = (int)Math.Clamp(limit ?? 500, 1, 1000);
        var trades = engine.AggTrades(fromId, startTime, endTime, count);
        var w = new PayloadWriter(128 * (trades.Count + 1));
        engine.Profile.Format.AggTrades(w, engine.Spec, trades);
        return (200, w.ToArray());
    }

    private (int, byte[]) Klines(IQueryCollection query)
    {
        if (!TryLong(query, "startTime", out var startTime, out var error) ||
            !TryLong(query, "endTime", out var endTime, out error) ||
            !TryLong(query, "limit", out var limit, out error))
        {
            return (400, error);
        }

        var symbol = Symbol(query);
        if (symbol is null)
        {
            return (400, RestErrors.MissingParameter("symbol"));
        }

        var interval = query["interval"].ToString();
        if (interval.Length == 0)
        {
            return (400, RestErrors.MissingParameter("interval"));
        }

        if (interval != "1m")
        {
            // Only 1m candles are simulated.
            return (400, RestErrors.Body(-1120, "Invalid interval."));
        }

        if (_replay is not null && symbol == _replay.Symbol)
        {
            return (200, "[]"u8.ToArray());
        }

        if (!_engines.TryGetValue(symbol, out var engine))
        {
            return (400, RestErrors.InvalidSymbol);
        }

        var candles = engine.Klines(startTime, endTime, (int)Math.Clamp(limit ?? 500, 1, _profile.MaxKlines));
        var w = new PayloadWriter(200 * (candles.Count + 1));
        engine.Profile.Format.Klines(w, engine.Spec, candles);
        return (200, w.ToArray());
    }

    private static string? Symbol(IQueryCollection query)
    {
        var symbol = query["symbol"].ToString();
        return symbol.Length == 0 ? null : symbol.ToUpperInvariant();
    }

    private static bool TryLong(IQueryCollection query, string name, out long? value, out byte[] error)
    {
        value = null;
        error = [];
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            error = RestErrors.IllegalParameter(name);
            return false;
        }

        value = parsed;
        return true;
    }

    private async Task RejectAsync(HttpContext context, int status, int retryAfter, IPAddress ip, long bannedUntil)
    {
        context.Response.Headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
        var address = ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4().ToString() : ip.ToString();
        var body = status == 418
            ? RestErrors.Banned(address, bannedUntil)
            : RestErrors.TooManyRequests(address, _limiter.Limit);
        await WriteAsync(context, status, body).ConfigureAwait(false);
    }

    private static async Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}

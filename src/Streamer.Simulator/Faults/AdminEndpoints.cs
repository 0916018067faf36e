using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Streamer.Simulator.Dumps;

namespace Streamer.Simulator.Faults;

/// <summary>
/// The admin HTTP API, on the same port as the exchange, for tests and for poking a demo by hand
/// (e.g. <c>curl -X POST 'http://127.0.0.1:PORT/admin/drop?route=market'</c>). Admin calls cost no
/// weight and ignore REST faults. Every operation on symbols, connections or REST takes
/// <c>market=um|cm|spot</c> (default <c>um</c>): the symbol, the routes (<c>public|market|legacy</c> for um,
/// <c>cm</c>, <c>spot</c>) and the REST host it acts on are that market's.
/// <code>
/// | method | path                 | query                                  | effect                                                    |
/// |--------|----------------------|----------------------------------------|-----------------------------------------------------------|
/// | GET    | /admin/stats         |                                        | JSON: connections per route, messages sent, ids per symbol |
/// | POST   | /admin/drop          | route=public|market|legacy|cm|spot, symbol=X | abort matching WebSockets (no close frame)           |
/// | POST   | /admin/close         | route, symbol                          | close matching WebSockets with a close frame               |
/// | POST   | /admin/depth-gap     | symbol=X (required)                    | withhold the next depth event on every speed (pu breaks)   |
/// | POST   | /admin/stall         | seconds=N (required), route, symbol    | send nothing for N s; what is generated meanwhile is lost  |
/// | POST   | /admin/malformed     | route, symbol                          | send one text frame that is not valid JSON                 |
/// | POST   | /admin/rest-error    | status=429|418, seconds=N (0 clears)   | answer every REST request of the market with that status   |
/// | POST   | /admin/pause-trades  | symbol=X (required)                    | no trades for X (book, bookTicker, markPrice continue)     |
/// | POST   | /admin/resume-trades | symbol=X (required)                    | trades again                                               |
/// | POST   | /admin/pause         |                                        | pause the whole market; truth is flushed before the reply  |
/// | POST   | /admin/resume        |                                        | resume at the current exchange time                        |
/// | POST   | /admin/flush         |                                        | flush the ground truth now                                 |
/// | POST   | /admin/rate          | factor=F (required, 0 &lt; F ≤ 1000)      | every symbol's transaction rate × F (1 = as configured)    |
/// | POST   | /admin/dump-fault    | file=NAME.zip, fault=missing|checksum|truncated|none | that dump archive: 404, wrong CHECKSUM, half the bytes, or normal |
/// </code>
/// Mutations answer <c>{"ok":true,"connections":N}</c> (N = connections affected, where that applies);
/// a bad request answers 400 <c>{"ok":false,"error":"..."}</c>.
/// </summary>
internal sealed class AdminEndpoints
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly SimulatedExchange _exchange;

    public AdminEndpoints(SimulatedExchange exchange) => _exchange = exchange;

    public async Task HandleAsync(HttpContext context, string path)
    {
        var query = context.Request.Query;
        var route = Text(query, "route");
        var symbol = Text(query, "symbol");
        var isPost = HttpMethods.IsPost(context.Request.Method);
        try
        {
            var market = Market(query);
            object? result = (path, isPost) switch
            {
                ("/admin/stats", false) => _exchange.GetStats(),
                ("/admin/drop", true) => Affected(_exchange.DropConnections(route, symbol, market)),
                ("/admin/close", true) => Affected(_exchange.CloseConnections(route, symbol, market)),
                ("/admin/depth-gap", true) => Done(() => _exchange.InjectDepthGap(Required(symbol, "symbol"), market)),
                ("/admin/stall", true) => Affected(_exchange.StallConnections(TimeSpan.FromSeconds(Seconds(query)), route, symbol, market)),
                ("/admin/malformed", true) => Affected(_exchange.SendMalformedFrame(route, symbol, market)),
                ("/admin/rest-error", true) => Done(() => _exchange.FailRest(Status(query), TimeSpan.FromSeconds(Seconds(query)), market)),
                ("/admin/pause-trades", true) => Done(() => _exchange.PauseTrades(Required(symbol, "symbol"), market)),
                ("/admin/resume-trades", true) => Done(() => _exchange.ResumeTrades(Required(symbol, "symbol"), market)),
                ("/admin/pause", true) => Done(_exchange.Pause),
                ("/admin/resume", true) => Done(_exchange.Resume),
                ("/admin/flush", true) => Done(_exchange.FlushTruth),
                ("/admin/rate", true) => Done(() => _exchange.ScaleRates(Factor(query))),
                ("/admin/dump-fault", true) => Done(() => _exchange.InjectDumpFault(Required(Text(query, "file"), "file"), Fault(query))),
                _ => null,
            };

            if (result is null)
            {
                await WriteAsync(context, 404, new { ok = false, error = $"no admin operation {context.Request.Method} {path}; see --help" }).ConfigureAwait(false);
                return;
            }

            await WriteAsync(context, 200, result).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            await WriteAsync(context, 400, new { ok = false, error = e.Message }).ConfigureAwait(false);
        }
    }

    /// <summary><c>market=um|cm|spot</c>; USD-M when absent.</summary>
    private static SimMarket Market(IQueryCollection query) =>
        query["market"].ToString() switch
        {
            "" or "um" => SimMarket.UsdM,
            "cm" => SimMarket.CoinM,
            "spot" => SimMarket.Spot,
            var other => throw new ArgumentException($"query parameter 'market' must be um, cm or spot, not '{other}'"),
        };

    private static object Affected(int connections) => new { ok = true, connections };

    private static object Done(Action action)
    {
        action();
        return new { ok = true };
    }

    private static string? Text(IQueryCollection query, string name)
    {
        var value = query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    private static string Required(string? value, string name) =>
        value ?? throw new ArgumentException($"query parameter '{name}' is required");

    private static double Seconds(IQueryCollection query) =>
        double.TryParse(query["seconds"].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? seconds
            : throw new ArgumentException("query parameter 'seconds' must be a number of seconds, e.g. seconds=5");

    private static double Factor(IQueryCollection query) =>
        double.TryParse(query["factor"].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0 && factor <= 1000
            ? factor
            : throw new ArgumentException("query parameter 'factor' must be a number above 0 and at most 1000, e.g. factor=0.5");

    private static int Status(IQueryCollection query) =>
        query["status"].ToString() switch
        {
            "429" => 429,
            "418" => 418,
            _ => throw new ArgumentException("query parameter 'status' must be 429 or 418"),
        };

    private static DumpFault Fault(IQueryCollection query) =>
        query["fault"].ToString() switch
        {
            "missing" => DumpFault.Missing,
            "checksum" => DumpFault.BadChecksum,
            "truncated" => DumpFault.Truncated,
            "none" => DumpFault.None,
            _ => throw new ArgumentException("query parameter 'fault' must be missing, checksum, truncated or none"),
        };

    private static async Task WriteAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        // Admin answers are rare; the reflection serializer is fine off the hot path.
        await JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), Json, context.RequestAborted).ConfigureAwait(false);
    }
}

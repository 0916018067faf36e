using Microsoft.Extensions.Logging;
using Streamer.Binance.Exchanges;
using Streamer.Worker.Exchanges;
using Streamer.Binance.Parsing;
using Streamer.Binance.WebSockets;
using Streamer.Core;
using Streamer.Core.Streams;
using Streamer.Worker.Continuity;
using Streamer.Worker.Output;
using Streamer.Worker.Startup;
using Streamer.Worker.Status;

namespace Streamer.Worker;

/// <summary>
/// Records one symbol: checks it exists, resumes after what the files already hold, keeps both routes
/// connected, and sends every row to the writer in order, with trade and candle gaps backfilled over REST
/// and depth gaps resynchronised by snapshots. See <c>.Routes</c> for how messages and connection events
/// are handled and <c>.Lifecycle</c> for start and stop.
/// </summary>
internal sealed partial class SymbolWorker : IDisposable
{
    private readonly SymbolWorkerOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _bug = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WorkerServices _services;
    private readonly GaplessStream? _aggTrades;
    private readonly GaplessStream? _klines;
    private readonly RecentTradeStream? _trades;
    private readonly DepthRecorder? _depth;
    private readonly IExchange _exchange;
    private readonly IMessageParser _parser;
    private readonly List<RouteConnection> _routes = [];
    private readonly MalformedSampler _malformed;
    private Exception? _fault;

    public SymbolWorker(SymbolWorkerOptions options, ILoggerFactory loggers)
    {
        _options = options;
        _loggers = loggers;
        _log = loggers.CreateLogger("worker." + options.Symbol.Key);
        Status = new WorkerStatus();
        var output = new RowOutput(options.Writer, options.OrderBook, Status);
        _services = new WorkerServices(output, new EventLog(output, options.Time), Status, options.Time, OnBug, _stopping.Token);
        _exchange = ExchangeRegistry.Get(options.Symbol.Exchange);
        _parser = _exchange.CreateParser(Symbol, options.Config.Storage.KlineAllUpdates);
        _malformed = new MalformedSampler(_log, options.Time);
        var buffer = Math.Max(1L << 20, options.Config.Storage.WorkerBufferBytes / 4);
        var rest = options.Rest;
        if (options.Symbol.Has(StreamCatalog.AggTrade))
        {
            _aggTrades = new GaplessStream(StreamCatalog.AggTrade, 1, async (from, _, ct) =>
            {
                var rows = await rest.GetAggTradesAsync(Symbol, from, rest.PageSize, ct).ConfigureAwait(false);
                return new RestPage(rows, rows.Rows.Count < rest.PageSize);
            }, _services, _log, buffer);
        }

        if (options.Symbol.Has(StreamCatalog.Trade))
        {
            _trades = new RecentTradeStream(StreamCatalog.Trade, ct => rest.GetRecentTradesAsync(Symbol, rest.PageSize, ct), rest.PageSize, _services, _log, buffer);
        }

        if (options.Symbol.Has(StreamCatalog.Kline1m))
        {
            _klines = new GaplessStream(StreamCatalog.Kline1m, 60_000, async (from, heldFrom, ct) =>
            {
                var rows = await rest.GetKlinesAsync(Symbol, from, rest.PageSize, ct).ConfigureAwait(false);
                return ClosedCandles(rows, heldFrom, rest.PageSize);
            }, _services, _log, buffer);
        }

        if (options.Symbol.Has(StreamCatalog.Depth))
        {
            _depth = new DepthRecorder(Symbol, ct => rest.GetDepthSnapshotAsync(Symbol, rest.DepthSnapshotLimit, ct), _services,
                options.Symbol.DepthSnapshot, options.OrderBook is not null, _log, _exchange.DepthRule, _exchange.SendsBookSnapshots);
        }
    }

    public string Symbol => _options.Symbol.Symbol;

    public WorkerStatus Status { get; }

    /// <summary>The aggTrade continuity (tests).</summary>
    internal GaplessStream? AggTrades => _aggTrades;

    /// <summary>The trade continuity of exchanges without trade ids (tests).</summary>
    internal RecentTradeStream? Trades => _trades;

    /// <summary>
    /// Keeps the candles of a klines page that are certainly closed: those older than a candle seen closed
    /// live, or, when none is held, all but the last of a page that reached the present (which may still be
    /// open; if it was closed, the next live candle's id jump fetches it). The local clock is not used: it
    /// may be skewed against the exchange's.
    /// </summary>
    internal static RestPage ClosedCandles(Binance.Parsing.RestRows rows, long? heldFrom, int pageSize)
    {
        var present = rows.Rows.Count < pageSize;
        var keep = heldFrom is { } held
            ? rows.Rows.Where(r => r.Id < held).ToList()
            : present && rows.Rows.Count > 0 ? rows.Rows.Take(rows.Rows.Count - 1).ToList() : [.. rows.Rows];
        return new RestPage(new Binance.Parsing.RestRows(rows.Bytes, keep), present);
    }

    /// <summary>The order book lost sync: take and send a fresh snapshot.</summary>
    public void RequestDepthSnapshot() => _depth?.RequestSnapshot(EventKinds.Snapshot, "order book request");

    /// <summary>
    /// Records in <c>events</c> that the writer was away (or that a predecessor's journal is being delivered): those
    /// rows are complete but reach the files late. Called on the writer link's loop: the row is written asynchronously.
    /// </summary>
    public void RecordWriterOutage(Pipes.Clients.WriterOutage outage) => _ = Task.Run(async () =>
    {
        try
        {
            await _services.Events.WriteAsync("all", EventKinds.WriterOutage, null, null, outage.Describe(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The worker is closing its writer link: the outage is in the log instead.
        }
    });

    private void OnBug(Exception e)
    {
        _fault ??= e;
        _bug.TrySetResult();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var route in _routes)
        {
            route.Dispose();
        }

        _aggTrades?.Dispose();
        _klines?.Dispose();
        _trades?.Dispose();
        _depth?.Dispose();
        _stopping.Dispose();
    }
}

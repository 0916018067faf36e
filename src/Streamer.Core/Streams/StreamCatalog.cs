using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Streamer.Core.Streams;

/// <summary>
/// The CSV schemas and WebSocket routing of every stream (DESIGN sections 2 and 3).
/// This is the only place a column list, a file prefix or a route is written down.
/// </summary>
public static class StreamCatalog
{
    /// <summary>Binance's depth stream speed suffix used by workers (<c>@depth@100ms</c>).</summary>
    public const string DefaultDepthSpeed = "100ms";

    public static readonly StreamInfo AggTrade = new(StreamType.AggTrade, "aggtrade", WsRoute.Market, "aggTrade",
        "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,event_time,local_time_us")
    {
        DayColumn = "transact_time",
        DumpColumns = 7,
    };

    public static readonly StreamInfo Kline1m = new(StreamType.Kline1m, "kline_1m", WsRoute.Market, "kline_1m",
        "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,is_closed,event_time,local_time_us")
    {
        DayColumn = "open_time",
        DumpColumns = 11,
    };

    /// <summary>
    /// One row per price level of a depthUpdate. An update with no levels at all is written as one
    /// row with empty side, price and quantity, so the U/u/pu chain stays checkable from the file.
    /// </summary>
    public static readonly StreamInfo Depth = new(StreamType.Depth, "depth", WsRoute.Public, "depth",
        "event_time,transact_time,first_update_id,final_update_id,prev_final_update_id,side,price,quantity,local_time_us");

    public static readonly StreamInfo DepthSnapshot = new(StreamType.DepthSnapshot, "depth_snapshot", WsRoute.None, null,
        "last_update_id,event_time,transact_time,side,price,quantity,local_time_us");

    public static readonly StreamInfo BookTicker = new(StreamType.BookTicker, "bookticker", WsRoute.Public, "bookTicker",
        "update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time,local_time_us")
    {
        DumpColumns = 7,
    };

    public static readonly StreamInfo MarkPrice = new(StreamType.MarkPrice, "markprice", WsRoute.Market, "markPrice@1s",
        "event_time,mark_price,index_price,estimated_settle_price,funding_rate,next_funding_time,local_time_us");

    public static readonly StreamInfo ForceOrder = new(StreamType.ForceOrder, "forceorder", WsRoute.Market, "forceOrder",
        "event_time,side,order_type,time_in_force,original_quantity,price,average_price,order_status,last_filled_quantity,filled_accumulated_quantity,trade_time,local_time_us");

    /// <summary>Columns after the first three repeat per level; see <see cref="OrderBookHeader"/>.</summary>
    public static readonly StreamInfo OrderBook = new(StreamType.OrderBook, "orderbook", WsRoute.None, null,
        "local_time_us,last_update_id,event_time");

    public static readonly StreamInfo Events = new(StreamType.Events, "events", WsRoute.None, null,
        "local_time_us,stream,kind,from_id,to_id,detail")
    {
        DayColumn = "local_time_us",
    };

    /// <summary>
    /// One row per trade of an exchange whose trades carry no consecutive id (Bybit's publicTrade): <c>trade_id</c> is
    /// the exchange's own id as sent (a UUID on Bybit), <c>seq</c> its increasing cross sequence, which orders trades
    /// and resumes after a restart but has holes by design, so continuity comes from REST recent trades instead.
    /// <c>is_buyer_maker</c> is true when the taker sold, as in <see cref="AggTrade"/>.
    /// </summary>
    public static readonly StreamInfo Trade = new(StreamType.Trade, "trade", WsRoute.Market, null,
        "trade_id,price,quantity,is_buyer_maker,transact_time,seq,is_block_trade,local_time_us")
    {
        DayColumn = "transact_time",
    };

    /// <summary>
    /// The ticker state (Bybit's tickers topic) after every message: the exchange sends a snapshot and then only the
    /// fields that changed, so each row is the merged state, with fields never sent yet left empty.
    /// </summary>
    public static readonly StreamInfo Ticker = new(StreamType.Ticker, "ticker", WsRoute.Market, null,
        "event_time,last_price,mark_price,index_price,funding_rate,next_funding_time,open_interest,open_interest_value,bid1_price,bid1_size,ask1_price,ask1_size,high_price_24h,low_price_24h,prev_price_24h,price_24h_pcnt,volume_24h,turnover_24h,cross_seq,local_time_us");

    /// <summary>Every stream, in wire-id order.</summary>
    public static IReadOnlyList<StreamInfo> All { get; } =
        [AggTrade, Kline1m, Depth, DepthSnapshot, BookTicker, MarkPrice, ForceOrder, OrderBook, Events, Trade, Ticker];

    /// <summary>Streams a user may list under <c>streams:</c> in config.yaml (those a worker subscribes to).</summary>
    public static IReadOnlyList<StreamInfo> Subscribable { get; } = [.. All.Where(s => s.Route != WsRoute.None)];

    private static readonly FrozenDictionary<string, StreamInfo> ByConfigName =
        All.ToFrozenDictionary(s => s.ConfigName, StringComparer.Ordinal);

    private static readonly StreamInfo?[] ByType = BuildTypeTable();

    /// <summary>Looks a stream up by its config name (<c>aggtrade</c>, <c>depth</c>, ...).</summary>
    public static bool TryGet(string configName, out StreamInfo info) =>
        ByConfigName.TryGetValue(configName, out info!);

    /// <summary>Looks a stream up by its wire id; null for unknown ids.</summary>
    public static StreamInfo? Get(StreamType type) => (int)type < ByType.Length ? ByType[(int)type] : null;

    /// <summary>Binance stream name, e.g. <c>btcusdt@aggTrade</c> or <c>btcusdt@depth@100ms</c>.</summary>
    public static string BinanceStreamName(StreamInfo stream, string symbol, string depthSpeed = DefaultDepthSpeed)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(symbol);
        if (stream.BinanceSuffix is null)
        {
            throw new ArgumentException($"{stream.ConfigName} is not a WebSocket stream", nameof(stream));
        }

        var lower = symbol.ToLowerInvariant();
        if (stream.Type == StreamType.Depth && !string.IsNullOrEmpty(depthSpeed) && depthSpeed != "250ms")
        {
            return string.Create(CultureInfo.InvariantCulture, $"{lower}@depth@{depthSpeed}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{lower}@{stream.BinanceSuffix}");
    }

    /// <summary>Header of the <c>orderbook</c> file for <paramref name="levels"/> levels per side.</summary>
    public static string OrderBookHeader(int levels)
    {
        var sb = new StringBuilder(OrderBook.Header);
        for (var i = 0; i < levels; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $",bid_price_{i},bid_qty_{i},ask_price_{i},ask_qty_{i}");
        }

        return sb.ToString();
    }

    /// <summary>File name <c>{stream}_{SYMBOL}_{YYYYMMDD}.csv</c> for a UTC day.</summary>
    public static string FileName(StreamInfo stream, string symbol, DateOnly utcDay)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return string.Create(CultureInfo.InvariantCulture, $"{stream.FilePrefix}_{symbol}_{utcDay:yyyyMMdd}.csv");
    }

    /// <summary>UTC day of an exchange time in milliseconds since the epoch.</summary>
    public static DateOnly UtcDay(long exchangeTimeMs) =>
        DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(exchangeTimeMs).UtcDateTime);

    private static StreamInfo?[] BuildTypeTable()
    {
        var table = new StreamInfo?[All.Max(s => (int)s.Type) + 1];
        foreach (var s in All)
        {
            table[(int)s.Type] = s;
        }

        return table;
    }
}

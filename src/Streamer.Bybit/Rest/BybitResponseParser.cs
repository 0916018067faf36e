using System.Globalization;
using System.Text;
using System.Text.Json;
using Streamer.Binance.Parsing;
using Streamer.Core.Csv;

namespace Streamer.Bybit;

/// <summary>What a Bybit v5 REST answer says in its envelope <c>{"retCode","retMsg","result",...}</c>.</summary>
/// <param name="RetCode">0 on success.</param>
/// <param name="RetMsg">Bybit's message (<c>OK</c>, <c>Too many visits</c>, ...).</param>
internal readonly record struct BybitEnvelope(int RetCode, string RetMsg);

/// <summary>
/// Turns Bybit v5 REST answers into the recorder's rows (the columns of the live streams, <c>StreamCatalog</c>). Not
/// on the hot path: <see cref="JsonDocument"/> and allocations are fine. Every method throws
/// <see cref="BinanceResponseException"/> (never anything else) on an answer it cannot read, which the worker's
/// retry paths already handle for every exchange.
/// </summary>
internal static class BybitResponseParser
{
    /// <summary>Bybit's candles have no close time: it is the last millisecond of the minute, as on the stream (<c>end</c>).</summary>
    public const long CandleMs = 60_000;

    /// <summary>The envelope of any answer.</summary>
    public static BybitEnvelope Envelope(ReadOnlySpan<byte> json) => Read(json, root =>
    {
        if (!root.TryGetProperty("retCode", out var code) || code.ValueKind != JsonValueKind.Number || !code.TryGetInt32(out var retCode))
        {
            throw new BinanceResponseException("Bybit answer has no retCode");
        }

        var retMsg = root.TryGetProperty("retMsg", out var msg) && msg.ValueKind == JsonValueKind.String ? msg.GetString() ?? "" : "";
        return new BybitEnvelope(retCode, retMsg);
    });

    /// <summary><c>GET /v5/market/instruments-info</c>: adds each symbol with its status to <paramref name="symbols"/>; returns nextPageCursor ("" on the last page).</summary>
    public static string Instruments(ReadOnlySpan<byte> json, Dictionary<string, string> symbols) => Read(json, root =>
    {
        var result = Result(root);
        foreach (var item in List(result, "instruments-info"))
        {
            if (item.ValueKind == JsonValueKind.Object
                && item.TryGetProperty("symbol", out var symbol) && symbol.ValueKind == JsonValueKind.String
                && symbol.GetString() is { Length: > 0 } name)
            {
                var status = item.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() ?? "" : "";
                symbols[name] = StatusOf(status);
            }
        }

        return result.TryGetProperty("nextPageCursor", out var cursor) && cursor.ValueKind == JsonValueKind.String ? cursor.GetString() ?? "" : "";
    });

    /// <summary>
    /// Bybit's status in the words the worker compares with Binance's (<c>TRADING</c>): <c>Trading</c> → <c>TRADING</c>,
    /// <c>PreLaunch</c> → <c>PRE_LAUNCH</c>, <c>Settling</c> → <c>SETTLING</c>, <c>Closed</c> → <c>CLOSED</c>.
    /// </summary>
    public static string StatusOf(string bybitStatus)
    {
        ArgumentNullException.ThrowIfNull(bybitStatus);
        var text = new StringBuilder(bybitStatus.Length + 4);
        for (var i = 0; i < bybitStatus.Length; i++)
        {
            var c = bybitStatus[i];
            if (i > 0 && char.IsUpper(c) && char.IsLower(bybitStatus[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(c));
        }

        return text.ToString();
    }

    /// <summary>
    /// <c>GET /v5/market/orderbook</c> → depth_snapshot rows (<c>last_update_id,event_time,transact_time,side,price,quantity,local_time_us</c>):
    /// last_update_id = <c>u</c> (the sequence of the orderbook.500 topic), event_time = <c>ts</c>, transact_time = <c>cts</c>; bids then asks.
    /// </summary>
    public static DepthSnapshot DepthSnapshot(ReadOnlySpan<byte> json, long localTimeUs) => Read(json, root =>
    {
        var result = Result(root);
        var u = Long(result, "u", "orderbook");
        var ts = Long(result, "ts", "orderbook");
        long? cts = result.TryGetProperty("cts", out _) ? Long(result, "cts", "orderbook") : null;
        var bids = Levels(result, "b");
        var asks = Levels(result, "a");
        var rows = new CsvRowBuilder(Math.Max(4096, (bids.Count + asks.Count) * 48));
        foreach (var (side, levels) in new[] { ("bid"u8.ToArray(), bids), ("ask"u8.ToArray(), asks) })
        {
            foreach (var (price, quantity) in levels)
            {
                rows.Long(u).Long(ts);
                _ = cts is { } t ? rows.Long(t) : rows.Empty();
                rows.Raw(side).Raw(price).Raw(quantity).Long(localTimeUs).EndRow();
            }
        }

        return new DepthSnapshot(u, ts, cts ?? ts, bids.Count, asks.Count, rows.WrittenMemory.ToArray()) { HasTransactTime = cts is not null };
    });

    /// <summary>
    /// <c>GET /v5/market/recent-trade</c> (newest first) → trade rows in ascending <c>seq</c>
    /// (<c>trade_id,price,quantity,is_buyer_maker,transact_time,seq,is_block_trade,local_time_us</c>); row ids are seq, times <c>time</c>.
    /// </summary>
    public static RestRows RecentTrades(ReadOnlySpan<byte> json, long localTimeUs) => Read(json, root =>
    {
        var trades = new List<(long Seq, long Time, byte[] Id, byte[] Price, byte[] Size, bool Sell, bool? Block)>();
        foreach (var item in List(Result(root), "recent-trade"))
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new BinanceResponseException("recent-trade: a trade is not an object");
            }

            var id = Text(item, "execId", "recent-trade");
            if (!IsId(id))
            {
                throw new BinanceResponseException("recent-trade: execId holds characters a trade id never has");
            }

            var side = Text(item, "side", "recent-trade");
            if (side is not ("Buy" or "Sell"))
            {
                throw new BinanceResponseException("recent-trade: side is neither Buy nor Sell");
            }

            bool? block = item.TryGetProperty("isBlockTrade", out var bt) ? bt.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new BinanceResponseException("recent-trade: isBlockTrade is not a boolean"),
            } : null;
            trades.Add((Long(item, "seq", "recent-trade"), Long(item, "time", "recent-trade"), Encoding.ASCII.GetBytes(id),
                Decimal(item, "price", "recent-trade"), Decimal(item, "size", "recent-trade"), side == "Sell", block));
        }

        // Newest first on the wire; the recorder wants ascending seq (OrderBy is stable for equal seqs).
        trades.Reverse();
        var rows = new CsvRowBuilder();
        var list = new List<RestRow>(trades.Count);
        foreach (var t in trades.OrderBy(t => t.Seq))
        {
            var offset = rows.Length;
            rows.Raw(t.Id).Raw(t.Price).Raw(t.Size).Bool(t.Sell).Long(t.Time).Long(t.Seq);
            _ = t.Block is { } b ? rows.Bool(b) : rows.Empty();
            rows.Long(localTimeUs).EndRow();
            list.Add(new RestRow(t.Seq, t.Time, offset, rows.Length - offset));
        }

        return new RestRows(rows.WrittenMemory.ToArray(), list);
    });

    /// <summary>
    /// <c>GET /v5/market/kline</c> (newest first, <c>[start,open,high,low,close,volume,turnover]</c>) → kline_1m rows in
    /// ascending open time, like Binance's REST candles: close_time = start + 59999, is_closed <c>true</c>, event_time =
    /// close_time (the answer has no event time); count and taker volumes empty (Bybit has none). Row ids and times
    /// are open times. The last candle may still be open: the worker decides (it keeps only candles it knows closed).
    /// </summary>
    public static RestRows Klines(ReadOnlySpan<byte> json, long localTimeUs) => Read(json, root =>
    {
        var candles = new List<(long Start, byte[][] Values)>();
        foreach (var item in List(Result(root), "kline"))
        {
            if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() < 7)
            {
                throw new BinanceResponseException("kline: a candle is not a list of 7 values");
            }

            var start = item[0].ValueKind == JsonValueKind.String
                && long.TryParse(item[0].GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s
                : throw new BinanceResponseException("kline: start is not a time in ms");
            var values = new byte[6][];
            for (var i = 0; i < 6; i++)
            {
                values[i] = DecimalOf(item[i + 1], "kline open/high/low/close/volume/turnover");
            }

            candles.Add((start, values));
        }

        var rows = new CsvRowBuilder();
        var list = new List<RestRow>(candles.Count);
        foreach (var (start, v) in candles.OrderBy(c => c.Start))
        {
            var offset = rows.Length;
            var close = start + CandleMs - 1;
            rows.Long(start).Raw(v[0]).Raw(v[1]).Raw(v[2]).Raw(v[3]).Raw(v[4]).Long(close).Raw(v[5]).Empty().Empty().Empty()
                .Bool(true).Long(close).Long(localTimeUs).EndRow();
            list.Add(new RestRow(start, start, offset, rows.Length - offset));
        }

        return new RestRows(rows.WrittenMemory.ToArray(), list);
    });

    private static T Read<T>(ReadOnlySpan<byte> json, Func<JsonElement, T> read)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new BinanceResponseException("Bybit answer is not a JSON object");
            }

            return read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new BinanceResponseException("invalid JSON: " + e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            throw new BinanceResponseException("unexpected JSON value: " + e.Message, e);
        }
        catch (FormatException e)
        {
            throw new BinanceResponseException("unexpected JSON value: " + e.Message, e);
        }
    }

    private static JsonElement Result(JsonElement root) =>
        root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
            ? result
            : throw new BinanceResponseException("Bybit answer has no result object");

    private static JsonElement.ArrayEnumerator List(JsonElement result, string endpoint) =>
        result.TryGetProperty("list", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
            : throw new BinanceResponseException(endpoint + ": result has no list");

    /// <summary>An integer sent as a number or as a string of digits (Bybit sends times and seq both ways).</summary>
    private static long Long(JsonElement obj, string name, string endpoint)
    {
        if (obj.TryGetProperty(name, out var value))
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n))
            {
                return n;
            }

            if (value.ValueKind == JsonValueKind.String
                && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }
        }

        throw new BinanceResponseException($"{endpoint}: {name} is missing or not an integer");
    }

    private static string Text(JsonElement obj, string name, string endpoint) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() ?? ""
            : throw new BinanceResponseException($"{endpoint}: {name} is missing or not a string");

    private static byte[] Decimal(JsonElement obj, string name, string endpoint) =>
        obj.TryGetProperty(name, out var value)
            ? DecimalOf(value, $"{endpoint}: {name}")
            : throw new BinanceResponseException($"{endpoint}: {name} is missing");

    private static byte[] DecimalOf(JsonElement value, string what)
    {
        var bytes = value.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(value.GetString() ?? "") : [];
        return BybitJson.IsDecimal(bytes) ? bytes : throw new BinanceResponseException(what + " is not a decimal string");
    }

    private static List<(byte[] Price, byte[] Quantity)> Levels(JsonElement result, string name)
    {
        if (!result.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new BinanceResponseException($"orderbook: {name} is not a list of levels");
        }

        var levels = new List<(byte[], byte[])>(list.GetArrayLength());
        foreach (var level in list.EnumerateArray())
        {
            if (level.ValueKind != JsonValueKind.Array || level.GetArrayLength() < 2)
            {
                throw new BinanceResponseException($"orderbook: a level of {name} is not [price, size]");
            }

            levels.Add((DecimalOf(level[0], "orderbook price"), DecimalOf(level[1], "orderbook size")));
        }

        return levels;
    }

    private static bool IsId(string id) =>
        id.Length is > 0 and <= BybitJson.MaxFieldLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

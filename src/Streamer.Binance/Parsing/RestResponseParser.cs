using System.Text;
using System.Text.Json;
using Streamer.Core.Csv;

namespace Streamer.Binance.Parsing;

/// <summary>
/// Turns REST responses into CSV rows with the same columns as the live streams (StreamCatalog), using
/// <see cref="Utf8JsonReader"/> like the WebSocket parser. Not on the hot path: results are allocated.
/// Every method throws <see cref="BinanceResponseException"/> (never anything else) on a bad response.
/// </summary>
public static class RestResponseParser
{
    /// <summary>
    /// <c>GET /fapi/v1/depth</c> (or <c>/dapi/v1/depth</c>, <c>/api/v3/depth</c>) → depth_snapshot rows
    /// (<c>last_update_id,event_time,transact_time,side,price,quantity,local_time_us</c>), bids then asks.
    /// <c>event_time</c> and <c>transact_time</c> are empty when the answer has no <c>E</c>/<c>T</c> (spot).
    /// </summary>
    public static DepthSnapshot DepthSnapshot(ReadOnlySpan<byte> json, long localTimeUs)
    {
        long? lastUpdateId = null, eventTime = null, transactTime = null;
        JsonField bids = default, asks = default;
        Guard(json, (ref Utf8JsonReader reader) =>
        {
            Expect(ref reader, JsonTokenType.StartObject, "a depth snapshot must be a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.ValueSpan;
                reader.Read();
                if (key.SequenceEqual("lastUpdateId"u8))
                {
                    lastUpdateId = ReadLong(ref reader, "lastUpdateId");
                }
                else if (key.SequenceEqual("E"u8))
                {
                    eventTime = ReadLong(ref reader, "E");
                }
                else if (key.SequenceEqual("T"u8))
                {
                    transactTime = ReadLong(ref reader, "T");
                }
                else if (key.SequenceEqual("bids"u8) || key.SequenceEqual("asks"u8))
                {
                    var isBids = key[0] == 'b';
                    Expect(ref reader, JsonTokenType.StartArray, "bids and asks must be lists");
                    var problem = LevelArrays.Validate(ref reader, out var levels);
                    if (problem is not null)
                    {
                        throw new BinanceResponseException("depth snapshot: " + problem);
                    }

                    if (isBids)
                    {
                        bids = levels;
                    }
                    else
                    {
                        asks = levels;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        });

        if (lastUpdateId is null || !bids.IsLevelArray || !asks.IsLevelArray)
        {
            throw new BinanceResponseException("depth snapshot lacks lastUpdateId, bids or asks");
        }

        // Spot snapshots carry no E/T: their columns are written empty (never a made-up value), while the record's
        // times, which pick the day file, fall back to the local receive time in ms.
        var e = eventTime ?? (localTimeUs / 1000);
        var t = transactTime ?? e;
        var rows = new CsvRowBuilder(Math.Max(4096, (bids.Length + asks.Length) * 2));
        var bidCount = SnapshotSide(bids, json.Slice(bids.Start, bids.Length), "bid"u8, lastUpdateId.Value, eventTime, transactTime, localTimeUs, rows);
        var askCount = SnapshotSide(asks, json.Slice(asks.Start, asks.Length), "ask"u8, lastUpdateId.Value, eventTime, transactTime, localTimeUs, rows);
        return new DepthSnapshot(lastUpdateId.Value, e, t, bidCount, askCount, rows.WrittenMemory.ToArray())
        {
            HasEventTime = eventTime is not null,
            HasTransactTime = transactTime is not null,
        };
    }

    /// <summary>
    /// <c>GET /fapi/v1/aggTrades</c> → aggtrade rows in the order sent (ascending ids). The REST response has no
    /// event time, so <c>event_time</c> of a backfilled row is its <c>transact_time</c>; <c>local_time_us</c> is
    /// when the response arrived. Row ids are <c>a</c>, times <c>T</c>.
    /// </summary>
    public static RestRows AggTrades(ReadOnlySpan<byte> json, long localTimeUs)
    {
        var rows = new CsvRowBuilder();
        var list = new List<RestRow>();
        Guard(json, (ref Utf8JsonReader reader) =>
        {
            Expect(ref reader, JsonTokenType.StartArray, "aggTrades must be a JSON list");
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                long? id = null, first = null, last = null, time = null;
                bool? buyerMaker = null;
                string? price = null, quantity = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.ValueSpan;
                    reader.Read();
                    switch (key.Length == 1 ? (char)key[0] : '\0')
                    {
                        case 'a': id = ReadLong(ref reader, "a"); break;
                        case 'f': first = ReadLong(ref reader, "f"); break;
                        case 'l': last = ReadLong(ref reader, "l"); break;
                        case 'T': time = ReadLong(ref reader, "T"); break;
                        case 'p': price = ReadDecimal(ref reader, "p"); break;
                        case 'q': quantity = ReadDecimal(ref reader, "q"); break;
                        case 'm': buyerMaker = ReadBool(ref reader, "m"); break;
                        default: reader.Skip(); break;
                    }
                }

                if (id is null || first is null || last is null || time is null || buyerMaker is null || price is null || quantity is null)
                {
                    throw new BinanceResponseException("an aggTrade lacks one of a, p, q, f, l, T, m");
                }

                var offset = rows.Length;
                rows.Long(id.Value).Raw(Encoding.ASCII.GetBytes(price)).Raw(Encoding.ASCII.GetBytes(quantity)).Long(first.Value).Long(last.Value)
                    .Long(time.Value).Bool(buyerMaker.Value).Long(time.Value).Long(localTimeUs).EndRow();
                list.Add(new RestRow(id.Value, time.Value, offset, rows.Length - offset));
            }
        });
        return new RestRows(rows.WrittenMemory.ToArray(), list);
    }

    /// <summary>
    /// <c>GET /fapi/v1/klines</c> → kline_1m rows of closed candles: <c>is_closed</c> true and
    /// <c>event_time</c> = close time (the REST answer has no event time). Candles whose close time is not
    /// before <paramref name="nowMs"/> are still open and left out. Row ids are open times, times close times.
    /// </summary>
    public static RestRows Klines(ReadOnlySpan<byte> json, long nowMs, long localTimeUs)
    {
        var rows = new CsvRowBuilder();
        var list = new List<RestRow>();
        Guard(json, (ref Utf8JsonReader reader) =>
        {
            Expect(ref reader, JsonTokenType.StartArray, "klines must be a JSON list");
            while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
            {
                // [openTime, open, high, low, close, volume, closeTime, quoteVolume, count, takerBuyVolume, takerBuyQuoteVolume, ignore]
                reader.Read();
                var openTime = ReadLong(ref reader, "open time");
                var decimals = new string[5];
                for (var i = 0; i < 5; i++)
                {
                    reader.Read();
                    decimals[i] = ReadDecimal(ref reader, "open/high/low/close/volume");
                }

                reader.Read();
                var closeTime = ReadLong(ref reader, "close time");
                reader.Read();
                var quoteVolume = ReadDecimal(ref reader, "quote volume");
                reader.Read();
                var count = ReadLong(ref reader, "count");
                reader.Read();
                var takerBuy = ReadDecimal(ref reader, "taker buy volume");
                reader.Read();
                var takerBuyQuote = ReadDecimal(ref reader, "taker buy quote volume");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    reader.Skip();
                }

                if (closeTime >= nowMs)
                {
                    continue;
                }

                var offset = rows.Length;
                rows.Long(openTime);
                foreach (var d in decimals)
                {
                    rows.Raw(Encoding.ASCII.GetBytes(d));
                }

                rows.Long(closeTime).Raw(Encoding.ASCII.GetBytes(quoteVolume)).Long(count).Raw(Encoding.ASCII.GetBytes(takerBuy))
                    .Raw(Encoding.ASCII.GetBytes(takerBuyQuote)).Bool(true).Long(closeTime).Long(localTimeUs).EndRow();
                list.Add(new RestRow(openTime, openTime, offset, rows.Length - offset)); // day of the candle = its open time
            }
        });
        return new RestRows(rows.WrittenMemory.ToArray(), list);
    }

    /// <summary><c>GET /fapi/v1/exchangeInfo</c> → every listed symbol with its status (TRADING, SETTLING, ...).</summary>
    public static IReadOnlyDictionary<string, string> ExchangeInfoSymbols(ReadOnlySpan<byte> json) => ExchangeInfoSymbols(json, statusFallback: null);

    /// <summary>
    /// <c>GET .../exchangeInfo</c> → every listed symbol with its status: its <c>status</c>, or where it has none its
    /// <paramref name="statusFallback"/> field (COIN-M's <c>contractStatus</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ExchangeInfoSymbols(ReadOnlySpan<byte> json, string? statusFallback)
    {
        var fallback = statusFallback is null ? null : Encoding.UTF8.GetBytes(statusFallback);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var sawSymbols = false;
        Guard(json, (ref Utf8JsonReader reader) =>
        {
            Expect(ref reader, JsonTokenType.StartObject, "exchangeInfo must be a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSymbols = reader.ValueTextEquals("symbols"u8);
                reader.Read();
                if (!isSymbols)
                {
                    reader.Skip();
                    continue;
                }

                sawSymbols = true;
                Expect(ref reader, JsonTokenType.StartArray, "exchangeInfo symbols must be a list");
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    string? symbol = null, status = null, otherStatus = null;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isSymbol = reader.ValueTextEquals("symbol"u8);
                        var isStatus = reader.ValueTextEquals("status"u8);
                        var isFallback = fallback is not null && reader.ValueTextEquals(fallback);
                        reader.Read();
                        if ((isSymbol || isStatus || isFallback) && reader.TokenType == JsonTokenType.String)
                        {
                            if (isSymbol)
                            {
                                symbol = reader.GetString();
                            }
                            else if (isStatus)
                            {
                                status = reader.GetString();
                            }
                            else
                            {
                                otherStatus = reader.GetString();
                            }
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }

                    if (symbol is not null)
                    {
                        result[symbol] = status ?? otherStatus ?? "";
                    }
                }
            }
        });

        return sawSymbols ? result : throw new BinanceResponseException("exchangeInfo has no symbols list");
    }

    private delegate void ReaderAction(ref Utf8JsonReader reader);

    private static void Guard(ReadOnlySpan<byte> json, ReaderAction action)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            action(ref reader);
        }
        catch (JsonException e)
        {
            throw new BinanceResponseException("invalid JSON: " + e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader getters throw this for a token of the wrong type.
            throw new BinanceResponseException("unexpected JSON value: " + e.Message, e);
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string message)
    {
        if (reader.TokenType != type)
        {
            throw new BinanceResponseException(message);
        }
    }

    private static long ReadLong(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var v) ? v
            : throw new BinanceResponseException($"{name} is not an integer");

    private static bool ReadBool(ref Utf8JsonReader reader, string name) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new BinanceResponseException($"{name} is not a boolean"),
    };

    private static string ReadDecimal(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && ExchangeText.IsDecimal(reader.ValueSpan)
            ? Encoding.ASCII.GetString(reader.ValueSpan)
            : throw new BinanceResponseException($"{name} is not a decimal string");

    private static int SnapshotSide(JsonField field, ReadOnlySpan<byte> levels, ReadOnlySpan<byte> side, long lastUpdateId, long? eventTime, long? transactTime, long localTimeUs, CsvRowBuilder rows)
    {
        var count = 0;
        var cursor = new LevelCursor(field, levels);
        while (cursor.Next(out var price, out var quantity))
        {
            rows.Long(lastUpdateId);
            _ = eventTime is { } e ? rows.Long(e) : rows.Empty();
            _ = transactTime is { } t ? rows.Long(t) : rows.Empty();
            rows.Raw(side).Raw(price).Raw(quantity).Long(localTimeUs).EndRow();
            count++;
        }

        return count;
    }
}

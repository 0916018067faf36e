using System.Text;
using System.Text.Json;
using Streamer.Core.Csv;

namespace Streamer.Binance.Parsing;

/// <summary>
/// Parses Binance WebSocket messages (USD-M's, or another market's <see cref="BinanceDialect"/>) once, with <see cref="Utf8JsonReader"/>, straight into CSV rows
/// whose columns are those of <see cref="Streamer.Core.Streams.StreamCatalog"/>. Accepts the combined-stream
/// envelope <c>{"stream":..,"data":{..}}</c> and raw events, in any key order, ignoring unknown keys.
/// Exchange decimal strings are copied as raw bytes. aggTrade and depth messages allocate nothing.
/// Bad input of any kind is an error result, never an exception.
/// </summary>
/// <remarks>One instance per worker and thread: it holds no per-message state, but is not meant to be shared.</remarks>
public sealed partial class BinanceMessageParser : IMessageParser
{
    /// <summary>Messages larger than this are rejected (real depth events stay well under 1 MiB).</summary>
    public const int MaxMessageBytes = 8 * 1024 * 1024;

    private readonly byte[]? _symbol;
    private readonly bool _klineAllUpdates;
    private readonly BinanceDialect _dialect;

    /// <summary>Creates a parser of USD-M messages.</summary>
    /// <param name="symbol">Upper-case symbol whose messages are expected; messages of another symbol are errors. Null accepts any.</param>
    /// <param name="klineAllUpdates">Write every kline update, not only closed candles (storage.kline_all_updates).</param>
    public BinanceMessageParser(string? symbol, bool klineAllUpdates = false)
        : this(BinanceDialect.UsdM, symbol, klineAllUpdates)
    {
    }

    /// <summary>Creates a parser of one market's messages.</summary>
    /// <param name="dialect">The market's payloads (<see cref="BinanceDialect"/>).</param>
    /// <param name="symbol">Upper-case symbol whose messages are expected; messages of another symbol are errors. Null accepts any.</param>
    /// <param name="klineAllUpdates">Write every kline update, not only closed candles (storage.kline_all_updates).</param>
    public BinanceMessageParser(BinanceDialect dialect, string? symbol, bool klineAllUpdates = false)
    {
        if (!Enum.IsDefined(dialect))
        {
            throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "unknown Binance dialect");
        }

        _dialect = dialect;
        _symbol = symbol is null ? null : Encoding.UTF8.GetBytes(symbol);
        _klineAllUpdates = klineAllUpdates;
    }

    /// <summary>The market's payloads this parser reads.</summary>
    public BinanceDialect Dialect => _dialect;

    /// <inheritdoc/>
    public ParsedMessage Parse(ReadOnlySpan<byte> message, long localTimeUs, CsvRowBuilder rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (message.Length > MaxMessageBytes)
        {
            return ParsedMessage.Failed(ParseError.TooLarge, "message larger than 8 MiB");
        }

        var table = default(JsonFieldTable);
        try
        {
            var reader = new Utf8JsonReader(message);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return ParsedMessage.Failed(ParseError.InvalidJson, "not a JSON object");
            }

            var problem = Collect(ref reader, ref table, level: 0, envelope: true);
            if (problem is not null)
            {
                return ParsedMessage.Failed(ParseError.BadField, problem);
            }
        }
        catch (JsonException e)
        {
            return ParsedMessage.Failed(ParseError.InvalidJson, "invalid JSON: " + e.Message);
        }

        var fields = new JsonFieldReader(message, in table);
        var eventType = fields[JsonFieldTable.Slot('e')];
        if (!eventType.IsPresent)
        {
            // Spot's bookTicker is the one event without an e (raw or combined alike): it is known by its u.
            if (_dialect == BinanceDialect.Spot && fields[JsonFieldTable.Slot('u')].IsPresent)
            {
                return SpotBookTicker(fields, localTimeUs, rows);
            }

            // Replies to SUBSCRIBE/LIST requests ({"result":null,"id":1}) carry no event type.
            return IsEmpty(in table)
                ? new ParsedMessage(ParseOutcome.Skipped, default, 0, 0, 0, 0, 0, false, 0, ParseError.None, null)
                : ParsedMessage.Failed(ParseError.UnknownEvent, "message has no event type (e)");
        }

        var name = fields.String(JsonFieldTable.Slot('e'));
        if (name.SequenceEqual("aggTrade"u8))
        {
            return AggTrade(fields, localTimeUs, rows);
        }

        if (name.SequenceEqual("depthUpdate"u8))
        {
            return _dialect == BinanceDialect.Spot ? SpotDepthUpdate(fields, message, localTimeUs, rows) : DepthUpdate(fields, message, localTimeUs, rows);
        }

        if (name.SequenceEqual("bookTicker"u8))
        {
            return _dialect == BinanceDialect.Spot ? SpotBookTicker(fields, localTimeUs, rows) : BookTicker(fields, localTimeUs, rows);
        }

        if (name.SequenceEqual("kline"u8))
        {
            return Kline(fields, localTimeUs, rows);
        }

        if (name.SequenceEqual("markPriceUpdate"u8))
        {
            return MarkPrice(fields, localTimeUs, rows);
        }

        if (name.SequenceEqual("forceOrder"u8))
        {
            return ForceOrder(fields, localTimeUs, rows);
        }

        return ParsedMessage.Failed(ParseError.UnknownEvent, "unknown event type: " + Encoding.UTF8.GetString(name));
    }

    /// <summary>
    /// Reads the members of the object the reader is in, storing known keys in the table. The envelope's
    /// <c>data</c> object and an event's nested <c>k</c>/<c>o</c> object are read in the same pass.
    /// </summary>
    private static string? Collect(ref Utf8JsonReader reader, ref JsonFieldTable table, int level, bool envelope)
    {
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return null;
            }

            var key = reader.ValueIsEscaped ? default : reader.ValueSpan;
            reader.Read();
            var isObject = reader.TokenType == JsonTokenType.StartObject;
            if (envelope && isObject && key.SequenceEqual("data"u8))
            {
                var problem = Collect(ref reader, ref table, 0, envelope: false);
                if (problem is not null)
                {
                    return problem;
                }

                continue;
            }

            if (level == 0 && isObject && (key.SequenceEqual("k"u8) || key.SequenceEqual("o"u8)))
            {
                var problem = Collect(ref reader, ref table, 1, envelope: false);
                if (problem is not null)
                {
                    return problem;
                }

                continue;
            }

            var slot = JsonFieldTable.Slot(key, level);
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                if (slot >= 0 && level == 0 && (key[0] == 'b' || key[0] == 'a'))
                {
                    var problem = LevelArrays.Validate(ref reader, out var levels);
                    if (problem is not null)
                    {
                        return problem;
                    }

                    table[slot] = levels;
                    continue;
                }

                reader.Skip();
                if (slot >= 0)
                {
                    table[slot] = new JsonField(JsonFieldKind.Other, 0, 0);
                }

                continue;
            }

            if (isObject)
            {
                reader.Skip();
                if (slot >= 0)
                {
                    table[slot] = new JsonField(JsonFieldKind.Other, 0, 0);
                }

                continue;
            }

            if (slot >= 0)
            {
                table[slot] = ExchangeText.FieldOf(ref reader);
            }
        }

        return "unterminated object";
    }

    private static bool IsEmpty(in JsonFieldTable table)
    {
        foreach (var field in table)
        {
            if (field.IsPresent)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the symbol field matches the expected symbol (or either is absent).</summary>
    private bool SymbolMatches(JsonFieldReader fields, int slot)
    {
        if (_symbol is null || !fields[slot].IsPresent)
        {
            return true;
        }

        return fields.String(slot).SequenceEqual(_symbol);
    }

    private static ParsedMessage WrongSymbol(Core.Streams.StreamType stream) =>
        ParsedMessage.Failed(ParseError.WrongSymbol, "message of another symbol", stream);
}

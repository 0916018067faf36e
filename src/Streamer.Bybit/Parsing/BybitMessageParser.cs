using System.Text;
using System.Text.Json;
using Streamer.Binance.Parsing;
using Streamer.Core.Csv;
using Streamer.Core.Streams;

namespace Streamer.Bybit;

/// <summary>
/// Parses Bybit v5 public linear WebSocket messages (<c>{"topic","type","ts","data",...}</c>) of one symbol with
/// <see cref="Utf8JsonReader"/> into CSV rows of the recorder's own schemas (<see cref="StreamCatalog"/>):
/// publicTrade → trade, orderbook.500 → depth and depth_snapshot, kline.1 → kline_1m, tickers → ticker (the merged
/// state), allLiquidation → forceorder. Decimals are copied as sent; fields Bybit does not send are written empty.
/// Subscribe replies and pongs are <see cref="ParseOutcome.Skipped"/>; a refused subscribe, anything malformed and
/// other symbols' messages are errors, never exceptions. A message is checked completely before any row is written.
/// </summary>
/// <remarks>One instance per symbol and thread: it keeps the ticker state, which Bybit sends as deltas.</remarks>
public sealed partial class BybitMessageParser : IMessageParser
{
    /// <summary>Messages larger than this are rejected (the limit of the Binance parser, far above any Bybit message).</summary>
    public const int MaxMessageBytes = BinanceMessageParser.MaxMessageBytes;

    private static readonly (byte[] Prefix, StreamType Stream)[] Topics =
    [
        ("publicTrade."u8.ToArray(), StreamType.Trade),
        ("orderbook.500."u8.ToArray(), StreamType.Depth),
        ("kline.1."u8.ToArray(), StreamType.Kline1m),
        ("tickers."u8.ToArray(), StreamType.Ticker),
        ("allLiquidation."u8.ToArray(), StreamType.ForceOrder),
    ];

    private readonly byte[]? _symbol;
    private readonly bool _klineAllUpdates;

    /// <summary>Creates a parser of one symbol's messages.</summary>
    /// <param name="symbol">Upper-case symbol whose topics are expected; other symbols' messages are errors. Null accepts any.</param>
    /// <param name="klineAllUpdates">Write every kline update, not only closed candles (storage.kline_all_updates).</param>
    public BybitMessageParser(string? symbol, bool klineAllUpdates = false)
    {
        _symbol = symbol is null ? null : Encoding.UTF8.GetBytes(symbol);
        _klineAllUpdates = klineAllUpdates;
    }

    /// <inheritdoc/>
    public ParsedMessage Parse(ReadOnlySpan<byte> message, long localTimeUs, CsvRowBuilder rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (message.Length > MaxMessageBytes)
        {
            return ParsedMessage.Failed(ParseError.TooLarge, "message larger than 8 MiB");
        }

        try
        {
            return ParseMessage(message, localTimeUs, rows);
        }
        catch (JsonException e)
        {
            return ParsedMessage.Failed(ParseError.InvalidJson, "invalid JSON: " + e.Message);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader's way of saying a token is not what it should be.
            return ParsedMessage.Failed(ParseError.InvalidJson, "unexpected JSON: " + e.Message);
        }
    }

    private ParsedMessage ParseMessage(ReadOnlySpan<byte> message, long localTimeUs, CsvRowBuilder rows)
    {
        var reader = new Utf8JsonReader(message);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return ParsedMessage.Failed(ParseError.InvalidJson, "not a JSON object");
        }

        var envelope = default(Envelope);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueIsEscaped ? default : reader.ValueSpan;
            reader.Read();
            var value = BybitJson.Read(ref reader, 0);
            switch (key.Length)
            {
                case 2 when key.SequenceEqual("ts"u8): envelope.Ts = value; break;
                case 2 when key.SequenceEqual("cs"u8): envelope.Cs = value; break;
                case 2 when key.SequenceEqual("op"u8): envelope.Op = value; break;
                case 3 when key.SequenceEqual("cts"u8): envelope.Cts = value; break;
                case 4 when key.SequenceEqual("type"u8): envelope.Type = value; break;
                case 4 when key.SequenceEqual("data"u8): envelope.Data = value; break;
                case 5 when key.SequenceEqual("topic"u8): envelope.Topic = value; break;
                case 7 when key.SequenceEqual("success"u8): envelope.Success = value; break;
                case 7 when key.SequenceEqual("ret_msg"u8): envelope.RetMsg = value; break;
                default: break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            return ParsedMessage.Failed(ParseError.InvalidJson, "unterminated object");
        }

        if (!envelope.Topic.IsPresent)
        {
            return envelope.Op.IsPresent
                ? Control(message, envelope)
                : ParsedMessage.Failed(ParseError.UnknownEvent, "message has neither a topic nor an op");
        }

        if (envelope.Topic.Kind != BybitValueKind.String)
        {
            return ParsedMessage.Failed(ParseError.BadField, "topic is not a string");
        }

        var stream = StreamOf(envelope.Topic.In(message), out var ownSymbol);
        if (stream == StreamType.None)
        {
            return ParsedMessage.Failed(ParseError.UnknownEvent, "unknown topic: " + Shorten(envelope.Topic.In(message)));
        }

        if (!ownSymbol)
        {
            return WrongSymbol(stream);
        }

        if (!BybitJson.TryLong(message, envelope.Ts, out var ts))
        {
            return Invalid(stream, "the message has no ts");
        }

        return stream switch
        {
            StreamType.Trade => Trades(message, envelope, ts, localTimeUs, rows),
            StreamType.Depth => Book(message, envelope, ts, localTimeUs, rows),
            StreamType.Kline1m => Klines(message, envelope, ts, localTimeUs, rows),
            StreamType.Ticker => Ticker(message, envelope, ts, localTimeUs, rows),
            _ => Liquidations(message, envelope, ts, localTimeUs, rows),
        };
    }

    /// <summary>Replies to our requests: a subscribe reply or a pong is skipped, a refusal is an error naming Bybit's reason.</summary>
    private static ParsedMessage Control(ReadOnlySpan<byte> message, Envelope envelope)
    {
        if (envelope.Success.Kind == BybitValueKind.False)
        {
            var op = envelope.Op.Kind == BybitValueKind.String ? Shorten(envelope.Op.In(message)) : "request";
            var reason = envelope.RetMsg.Kind == BybitValueKind.String ? Shorten(envelope.RetMsg.In(message)) : "no ret_msg";
            return ParsedMessage.Failed(ParseError.BadField, $"Bybit refused {op}: {reason}");
        }

        return new ParsedMessage(ParseOutcome.Skipped, StreamType.None, 0, 0, 0, 0, 0, false, 0, ParseError.None, null);
    }

    /// <summary>The stream of a topic, and whether it is this parser's symbol's; <see cref="StreamType.None"/> for a topic we do not record.</summary>
    private StreamType StreamOf(ReadOnlySpan<byte> topic, out bool ownSymbol)
    {
        foreach (var (prefix, stream) in Topics)
        {
            if (topic.StartsWith(prefix))
            {
                ownSymbol = _symbol is null || topic[prefix.Length..].SequenceEqual(_symbol);
                return stream;
            }
        }

        ownSymbol = false;
        return StreamType.None;
    }

    /// <summary>True when a symbol field (<c>s</c>, <c>symbol</c>) is absent or names this parser's symbol.</summary>
    private bool SymbolMatches(ReadOnlySpan<byte> message, BybitValue symbol) =>
        _symbol is null || !symbol.IsPresent || BybitJson.Is(message, symbol, _symbol);

    private static string Shorten(ReadOnlySpan<byte> text) => Encoding.UTF8.GetString(text[..Math.Min(text.Length, 200)]);

    private static ParsedMessage WrongSymbol(StreamType stream) =>
        ParsedMessage.Failed(ParseError.WrongSymbol, "message of another symbol", stream);

    private static ParsedMessage Invalid(StreamType stream, string reason) =>
        ParsedMessage.Failed(ParseError.BadField, "missing or bad field: " + reason, stream);

    /// <summary>The envelope's members (any order; unknown keys are ignored).</summary>
    private struct Envelope
    {
        public BybitValue Topic;
        public BybitValue Type;
        public BybitValue Ts;
        public BybitValue Cts;
        public BybitValue Cs;
        public BybitValue Data;
        public BybitValue Success;
        public BybitValue RetMsg;
        public BybitValue Op;
    }
}

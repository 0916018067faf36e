using System.Text.Json;
using Streamer.Binance.Parsing;
using Streamer.Core.Csv;
using Streamer.Core.Streams;

namespace Streamer.Bybit;

/// <summary>orderbook.500: a <c>snapshot</c> (the whole book, on every subscribe) → depth_snapshot rows; a <c>delta</c> → depth rows.</summary>
public sealed partial class BybitMessageParser
{
    /// <summary>More levels per side than any real message holds (the topic has 500).</summary>
    private const int MaxLevels = 20_000;

    // {"topic":"orderbook.500.BTCUSDT","type":"snapshot"|"delta","ts":..,"data":{"s","b":[["p","q"]],"a":[..],"u","seq"},"cts":..}
    private ParsedMessage Book(ReadOnlySpan<byte> message, Envelope envelope, long ts, long localTimeUs, CsvRowBuilder rows)
    {
        var snapshot = BybitJson.Is(message, envelope.Type, "snapshot"u8);
        if (!snapshot && !BybitJson.Is(message, envelope.Type, "delta"u8))
        {
            return Invalid(StreamType.Depth, "orderbook type is neither snapshot nor delta");
        }

        var stream = snapshot ? StreamType.DepthSnapshot : StreamType.Depth;
        if (envelope.Data.Kind != BybitValueKind.Object)
        {
            return Invalid(stream, "orderbook data is not an object");
        }

        BybitValue symbol = default, bids = default, asks = default, update = default;
        var reader = new Utf8JsonReader(envelope.Data.In(message));
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueIsEscaped ? default : reader.ValueSpan;
            reader.Read();
            var value = BybitJson.Read(ref reader, envelope.Data.Start);
            switch (key.Length)
            {
                case 1 when key[0] == 's': symbol = value; break;
                case 1 when key[0] == 'b': bids = value; break;
                case 1 when key[0] == 'a': asks = value; break;
                case 1 when key[0] == 'u': update = value; break;
                default: break;
            }
        }

        if (!BybitJson.TryLong(message, update, out var u)
            || !LevelsAreValid(message, bids)
            || !LevelsAreValid(message, asks)
            || (envelope.Cts.IsPresent && !BybitJson.TryLong(message, envelope.Cts, out _)))
        {
            return Invalid(stream, "orderbook needs data.u and the level lists data.b and data.a of [price, size]");
        }

        if (!SymbolMatches(message, symbol))
        {
            return WrongSymbol(stream);
        }

        var hasCts = BybitJson.TryLong(message, envelope.Cts, out var cts);

        // Every row of the message shares its leading fields and its last: format them once, copy them per level.
        // depth:          event_time,transact_time,first_update_id,final_update_id,prev_final_update_id,side,price,quantity,local_time_us
        // depth_snapshot: last_update_id,event_time,transact_time,side,price,quantity,local_time_us
        Span<byte> head = stackalloc byte[5 * CsvRowBuilder.MaxLongFieldBytes];
        var n = snapshot ? CsvRowBuilder.FormatLongs(head, [u, ts], tail: false) : CsvRowBuilder.FormatLongs(head, [ts], tail: false);
        n += hasCts ? CsvRowBuilder.FormatLongs(head[n..], [cts], tail: false) : EmptyField(head[n..]);
        if (!snapshot)
        {
            // Bybit sends no previous id: the chain is u = previous u + 1 (SpotDepthRule with U = u).
            n += CsvRowBuilder.FormatLongs(head[n..], [u, u], tail: false);
            n += EmptyField(head[n..]);
        }

        head = head[..n];
        Span<byte> tail = stackalloc byte[CsvRowBuilder.MaxLongFieldBytes];
        tail = tail[..CsvRowBuilder.FormatLongs(tail, [localTimeUs], tail: true)];
        var count = WriteLevels(message, bids, "bid"u8, head, tail, rows) + WriteLevels(message, asks, "ask"u8, head, tail, rows);
        if (count == 0)
        {
            // No level at all: one row with empty side, price and quantity keeps u (and a snapshot's reset) in the file.
            rows.Row(head, [], [], [], tail);
            count = 1;
        }

        return new ParsedMessage(ParseOutcome.Rows, stream, ts, ts, u, u, 0, false, count, ParseError.None, null);
    }

    /// <summary>True when <paramref name="list"/> is a list of levels that each start with two decimal strings.</summary>
    private static bool LevelsAreValid(ReadOnlySpan<byte> message, BybitValue list)
    {
        if (list.Kind != BybitValueKind.Array)
        {
            return false;
        }

        var reader = new Utf8JsonReader(list.In(message));
        reader.Read();
        var levels = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            if (++levels > MaxLevels || !NextIsDecimal(ref reader) || !NextIsDecimal(ref reader))
            {
                return false;
            }

            // Tolerate extra elements a later API version might add to a level.
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }
        }

        return reader.TokenType == JsonTokenType.EndArray;
    }

    private static bool NextIsDecimal(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && BybitJson.IsDecimal(reader.ValueSpan);

    /// <summary>One row per level of a list <see cref="LevelsAreValid"/> accepted.</summary>
    private static int WriteLevels(ReadOnlySpan<byte> message, BybitValue list, ReadOnlySpan<byte> side, ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, CsvRowBuilder rows)
    {
        var reader = new Utf8JsonReader(list.In(message));
        reader.Read();
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var price = reader.ValueSpan;
            reader.Read();
            var quantity = reader.ValueSpan;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
            }

            rows.Row(head, side, price, quantity, tail);
            count++;
        }

        return count;
    }

    /// <summary>An empty head field: just its comma.</summary>
    private static int EmptyField(Span<byte> destination)
    {
        destination[0] = (byte)',';
        return 1;
    }
}

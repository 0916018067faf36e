using Streamer.Core.Csv;
using Streamer.Core.Streams;

namespace Streamer.Binance.Parsing;

/// <summary>
/// Spot's depthUpdate and bookTicker, which lack fields USD-M sends. The columns stay the recorder's own; what spot
/// does not send is written empty, never made up (DESIGN section 3).
/// </summary>
public sealed partial class BinanceMessageParser
{
    private static readonly int U = JsonFieldTable.Slot('u');

    // depth: event_time,transact_time,first_update_id,final_update_id,prev_final_update_id,side,price,quantity,local_time_us
    // Spot sends {"e":"depthUpdate","E","s","U","u","b","a"}: transact_time and prev_final_update_id are empty.
    private ParsedMessage SpotDepthUpdate(JsonFieldReader f, ReadOnlySpan<byte> message, long localTimeUs, CsvRowBuilder rows)
    {
        const StreamType stream = StreamType.Depth;
        var bids = f[JsonFieldTable.Slot('b')];
        var asks = f[JsonFieldTable.Slot('a')];
        if (!f.TryLong(E, out var eventTime)
            || !TryOptionalLong(f, T, out var transactTime, out var hasTransactTime)
            || !f.TryLong(JsonFieldTable.Slot('U'), out var first)
            || !f.TryLong(U, out var final)
            || !TryOptionalLong(f, JsonFieldTable.PuSlot, out var prev, out var hasPrev)
            || !bids.IsLevelArray
            || !asks.IsLevelArray)
        {
            return Invalid(stream, "depthUpdate needs E, U, u and the level lists b and a");
        }

        if (!SymbolMatches(f, S))
        {
            return WrongSymbol(stream);
        }

        Span<byte> head = stackalloc byte[5 * CsvRowBuilder.MaxLongFieldBytes];
        var n = CsvRowBuilder.FormatLongs(head, [eventTime], tail: false);
        n += hasTransactTime ? CsvRowBuilder.FormatLongs(head[n..], [transactTime], tail: false) : EmptyField(head[n..]);
        n += CsvRowBuilder.FormatLongs(head[n..], [first, final], tail: false);
        n += hasPrev ? CsvRowBuilder.FormatLongs(head[n..], [prev], tail: false) : EmptyField(head[n..]);
        head = head[..n];
        Span<byte> tail = stackalloc byte[CsvRowBuilder.MaxLongFieldBytes];
        tail = tail[..CsvRowBuilder.FormatLongs(tail, [localTimeUs], tail: true)];
        var count = 0;
        count += DepthSide(bids, message.Slice(bids.Start, bids.Length), "bid"u8, head, tail, rows);
        count += DepthSide(asks, message.Slice(asks.Start, asks.Length), "ask"u8, head, tail, rows);
        if (count == 0)
        {
            rows.Row(head, [], [], [], tail);
            count = 1;
        }

        // No pu: PrevId is 0, and SpotDepthRule chains U to the previous u instead.
        return new ParsedMessage(ParseOutcome.Rows, stream, eventTime, eventTime, first, final, hasPrev ? prev : 0, false, count, ParseError.None, null);
    }

    // bookticker: update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time,local_time_us
    // Spot sends {"u","s","b","B","a","A"}: transaction_time and event_time are empty.
    private ParsedMessage SpotBookTicker(JsonFieldReader f, long localTimeUs, CsvRowBuilder rows)
    {
        const StreamType stream = StreamType.BookTicker;
        if (!f.TryLong(U, out var updateId)
            || !f.TryDecimal(JsonFieldTable.Slot('b'), out var bidPrice)
            || !f.TryDecimal(JsonFieldTable.Slot('B'), out var bidQty)
            || !f.TryDecimal(JsonFieldTable.Slot('a'), out var askPrice)
            || !f.TryDecimal(JsonFieldTable.Slot('A'), out var askQty)
            || !TryOptionalLong(f, T, out var transactTime, out var hasTransactTime)
            || !TryOptionalLong(f, E, out var eventTime, out var hasEventTime))
        {
            return Invalid(stream, "bookTicker needs u, b, B, a and A");
        }

        if (!SymbolMatches(f, S))
        {
            return WrongSymbol(stream);
        }

        rows.Long(updateId).Raw(bidPrice).Raw(bidQty).Raw(askPrice).Raw(askQty);
        _ = hasTransactTime ? rows.Long(transactTime) : rows.Empty();
        _ = hasEventTime ? rows.Long(eventTime) : rows.Empty();
        rows.Long(localTimeUs).EndRow();

        // Spot sends no exchange time at all, but a row needs a day file (and the status a time): the local receive
        // time stands in for it here, and only here; the columns stay empty. The ordering key is u, which grows.
        var timeMs = hasEventTime ? eventTime : localTimeUs / 1000;
        return new ParsedMessage(ParseOutcome.Rows, stream, timeMs, timeMs, updateId, updateId, 0, false, 1, ParseError.None, null);
    }

    /// <summary>An integer field a market may leave out: absent is fine, present must be an integer.</summary>
    private static bool TryOptionalLong(JsonFieldReader f, int slot, out long value, out bool present)
    {
        present = f[slot].IsPresent;
        if (!present)
        {
            value = 0;
            return true;
        }

        return f.TryLong(slot, out value);
    }

    /// <summary>An empty head field: just its comma.</summary>
    private static int EmptyField(Span<byte> destination)
    {
        destination[0] = (byte)',';
        return 1;
    }
}

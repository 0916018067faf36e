using Streamer.Core.Csv;
using Streamer.Core.Streams;

namespace Streamer.Binance.Parsing;

/// <summary>One method per event type: check the fields, then append the row(s).</summary>
public sealed partial class BinanceMessageParser
{
    private static readonly int E = JsonFieldTable.Slot('E');
    private static readonly int T = JsonFieldTable.Slot('T');
    private static readonly int S = JsonFieldTable.Slot('s');

    // aggtrade: agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,event_time,local_time_us
    private ParsedMessage AggTrade(JsonFieldReader f, long localTimeUs, CsvRowBuilder rows)
    {
        const StreamType stream = StreamType.AggTrade;
        if (!f.TryLong(JsonFieldTable.Slot('a'), out var id)
            || !f.TryDecimal(JsonFieldTable.Slot('p'), out var price)
            || !f.TryDecimal(JsonFieldTable.Slot('q'), out var quantity)
            || !f.TryLong(JsonFieldTable.Slot('f'), out var firstTrade)
            || !f.TryLong(JsonFieldTable.Slot('l'), out var lastTrade)
            || !f.TryLong(T, out var transactTime)
            || !f.TryBool(JsonFieldTable.Slot('m'), out var buyerMaker)
            || !f.TryLong(E, out var eventTime))
        {
            return Invalid(stream, "aggTrade needs a, p, q, f, l, T, m and E");
        }

        if (!SymbolMatches(f, S))
        {
            return WrongSymbol(stream);
        }

        rows.Long(id).Raw(price).Raw(quantity).Long(firstTrade).Long(lastTrade).Long(transactTime)
            .Bool(buyerMaker).Long(eventTime).Long(localTimeUs).EndRow();
        return new ParsedMessage(ParseOutcome.Rows, stream, transactTime, eventTime, id, id, 0, false, 1, ParseError.None, null);
    }

    // depth: event_time,transact_time,first_update_id,final_update_id,prev_final_update_id,side,price,quantity,local_time_us
    private ParsedMessage DepthUpdate(JsonFieldReader f, ReadOnlySpan<byte> message, long localTimeUs, CsvRowBuilder rows)
    {
        const StreamType stream = StreamType.Depth;
        var bids = f[JsonFieldTable.Slot('b')];
        var asks = f[JsonFieldTable.Slot('a')];
        if (!f.TryLong(E, out var eventTime)
            || !f.TryLong(T, out var transactTime)
            || !f.TryLong(JsonFieldTable.Slot('U'), out var first)
            || !f.TryLong(JsonFieldTable.Slot('u'), out var final)
            || !f.TryLong(JsonFieldTable.PuSlot, out var prev)
            || !bids.IsLevelArray
            || !asks.IsLevelArray)
        {
            return Invalid(stream, "depthUpdate needs E, T, U, u, pu and the level lists b and a");
        }

        if (!SymbolMatches(f, S))
        {
            return WrongSymbol(stream);
        }

        // Every row of the message shares its first five fields and its last: format them once, copy them per level.
        Span<byte> head = stackalloc byte[5 * CsvRowBuilder.MaxLongFieldBytes];
        head = head[..CsvRowBuilder.FormatLongs(head, [eventTime, transactTime, first, final, prev], tail: false)];
        Span<byte> tail = stackalloc byte[CsvRowBuilder.MaxLongFieldBytes];
        tail = tail[..CsvRowBuilder.FormatLongs(tail, [localTimeUs], tail: true)];
        var count = 0;
        count += DepthSide(bids, message.Slice(bids.Start, bids.Length), "bid"u8, head, tail, rows);
        count += DepthSide(asks, message.Slice(asks.Start, asks.Length), "ask"u8, head, tail, rows);
        if (count == 0)
        {
            // No levels at all: one row with empty side, price and quantity keeps the U/u/pu chain in the file.
            rows.Row(head, [], [], [], tail);
            count = 1;
        }

        return new ParsedMessage(ParseOutcome.Rows, stream, eventTime, eventTime, first, final, prev, false, count, ParseError.None, null);
    }

    private static int DepthSide(JsonField field, ReadOnlySpan<byte> levels, ReadOnlySpan<byte> side, ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, CsvRowBuilder rows)
    {
        var count = 0;
        var cursor = new LevelCursor(field, levels);
        while (cursor.Next(out var price, out var quantity))
        {
            rows.Row(head, side, price, quantity, tail);
            count++;
        }

        return count;
    }

    // bookticker: update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time,local_time_us
    private ParsedMessage BookTicker(JsonFieldReader f, long localTimeUs, CsvRowBuilder rows)
    {
        const StreamType stream = StreamType.BookTicker;
        if (!f.TryLong(JsonFieldTable.Slot('u'), out var updateId)
            || !f.TryDecimal(JsonFieldTable.Slot('b'), out var bidPrice)
            || !f.TryDecimal(JsonFieldTable.Slot('B'), out var bidQty)
            || !f.TryDecimal(JsonFieldTable.Slot('a'), out var askPrice)
            || !f.TryDecimal(JsonFieldTable.Slot('A'), out var askQty)
            || !f.TryLong(T, out var transactTime)
            || !f.TryLong(E, out var eventTime))
        {
            return Invalid(stream, "bookTicker needs u, b, B, a, A, T and E");
        }

        if (!SymbolMatches(f, S))
        {
            return WrongSymbol(stream);
        }

        rows.Long(updateId).Raw(bidPrice).Raw(bidQty).Raw(askPrice).Raw(askQty).Long(transactTime).Long(eventTime).Long(localTimeUs).EndRow();
        return new ParsedMessage(ParseOutcome.Rows, stream, eventTime, eventTime, updateId, updateId, 0, false, 1, ParseError.None, null);
    }

    // kline_1m: open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,is_closed,event_time,local_time_us
    private ParsedMessage Kline(JsonFieldReader f, long localTimeUs, CsvRowBuilder rows)
    {
        const StreamType stream = StreamType.Kline1m;
        if (!f.TryLong(E, out var eventTime)
            || !f.TryLong(JsonFieldTable.Slot('t', 1), out var openTime)
            || !f.TryDecimal(JsonFieldTable.Slot('o', 1), out var open)
            || !f.TryDecimal(JsonFieldTable.Slot('h', 1), out var high)
            || !f.TryDecimal(JsonFieldTable.Slot('l', 1), out var low)
            || !f.TryDecimal(JsonFieldTable.Slot('c', 1), out var close)
            || !f.TryDecimal(JsonFieldTable.Slot('v', 1), out var volume)
            || !f.TryLong(JsonFieldTable.Slot('T', 1), out var closeTime)
            || !f.TryDecimal(JsonFieldTable.Slot('q', 1), out var quoteVolume)
            || !f.TryLong(JsonFieldTable.Slot('n', 1), out var count)
            || !f.TryDecimal(JsonFieldTable.Slot('V', 1), out var takerBuyVolume)
            || !f.TryDecimal(JsonFieldTable.Slot('Q', 1), out var takerBuyQuoteVolume)
            || !f.TryBool(JsonFieldTable.Slot('x', 1), out var closed))
        {
            return Invalid(stream, "kline needs E and k.t, o, h, l, c, v, T, q, n, V, Q, x");
        }

        if (!f.String(JsonFieldTable.Slot('i', 1)).SequenceEqual("1m"u8))
        {
            return ParsedMessage.Failed(ParseError.BadField, "kline interval is not 1m", stream);
        }

        if (!SymbolMatches(f, S))
        {
            return WrongSymbol(stream);
        }

        if (!closed && !_klineAllUpdates)
        {
            return new ParsedMessage(ParseOutcome.Skipped, stream, eventTime, eventTime, openTime, openTime, 0, false, 0, ParseError.None, null);
        }

        rows.Long(openTime).Raw(open).Raw(high).Raw(low).Raw(close).Raw(volume).Long(closeTime).Raw(quoteVolume).Long(count)
            .Raw(takerBuyVolume).Raw(takerBuyQuoteVolume).Bool(closed).Long(eventTime).Long(localTimeUs).EndRow();
        // A candle's day is its open time: the 23:59 candle closes (and is sent) after midnight but belongs,
        // like in Binance's daily dumps and like a backfilled one, to the day it covers.
        return new ParsedMessage(ParseOutcome.Rows, stream, openTime, eventTime, openTime, openTime, 0, closed, 1, ParseError.None, null);
    }

    // markprice: event_time,mark_price,index_price,estimated_settle_price,funding_rate,next_funding_time,local_time_us
    private ParsedMessage MarkPrice(JsonFieldReader f, long localTimeUs, CsvRowBuilder rows)
    {
        const StreamType stream = StreamType.MarkPrice;
        if (!f.TryLong(E, out var eventTime)
            || !f.TryDecimal(JsonFieldTable.Slot('p'), out var markPrice)
            || !TryIndexPrice(f, out var indexPrice)
            || !TryDecimalOrEmpty(f, JsonFieldTable.Slot('P'), out var settlePrice)
            || !TryDecimalOrEmpty(f, JsonFieldTable.Slot('r'), out var fundingRate)
            || !f.TryLong(T, out var nextFunding))
        {
            return Invalid(stream, "markPriceUpdate needs E, p, i, P, r and T");
        }

        if (!SymbolMatches(f, S))
        {
            return WrongSymbol(stream);
        }

        rows.Long(eventTime).Raw(markPrice).Raw(indexPrice).Raw(settlePrice).Raw(fundingRate).Long(nextFunding).Long(localTimeUs).EndRow();
        return new ParsedMessage(ParseOutcome.Rows, stream, eventTime, eventTime, eventTime, eventTime, 0, false, 1, ParseError.None, null);
    }

    // forceorder: event_time,side,order_type,time_in_force,original_quantity,price,average_price,order_status,last_filled_quantity,filled_accumulated_quantity,trade_time,local_time_us
    private ParsedMessage ForceOrder(JsonFieldReader f, long localTimeUs, CsvRowBuilder rows)
    {
        const StreamType stream = StreamType.ForceOrder;
        if (!f.TryLong(E, out var eventTime)
            || !f.TryWord(JsonFieldTable.Slot('S', 1), out var side)
            || !f.TryWord(JsonFieldTable.Slot('o', 1), out var orderType)
            || !f.TryWord(JsonFieldTable.Slot('f', 1), out var timeInForce)
            || !f.TryDecimal(JsonFieldTable.Slot('q', 1), out var quantity)
            || !f.TryDecimal(JsonFieldTable.Slot('p', 1), out var price)
            || !f.TryDecimal(JsonFieldTable.ApSlot + JsonFieldTable.PerLevel, out var averagePrice)
            || !f.TryWord(JsonFieldTable.Slot('X', 1), out var status)
            || !f.TryDecimal(JsonFieldTable.Slot('l', 1), out var lastFilled)
            || !f.TryDecimal(JsonFieldTable.Slot('z', 1), out var filled)
            || !f.TryLong(JsonFieldTable.Slot('T', 1), out var tradeTime))
        {
            return Invalid(stream, "forceOrder needs E and o.S, o, f, q, p, ap, X, l, z, T");
        }

        if (!SymbolMatches(f, JsonFieldTable.Slot('s', 1)))
        {
            return WrongSymbol(stream);
        }

        rows.Long(eventTime).Raw(side).Raw(orderType).Raw(timeInForce).Raw(quantity).Raw(price).Raw(averagePrice)
            .Raw(status).Raw(lastFilled).Raw(filled).Long(tradeTime).Long(localTimeUs).EndRow();
        return new ParsedMessage(ParseOutcome.Rows, stream, eventTime, eventTime, eventTime, eventTime, 0, false, 1, ParseError.None, null);
    }

    /// <summary>COIN-M sends no index price <c>i</c>: its column is then empty. USD-M must send one.</summary>
    private bool TryIndexPrice(JsonFieldReader f, out ReadOnlySpan<byte> value)
    {
        var slot = JsonFieldTable.Slot('i');
        if (_dialect == BinanceDialect.CoinM && !f[slot].IsPresent)
        {
            value = default;
            return true;
        }

        return TryDecimalOrEmpty(f, slot, out value);
    }

    /// <summary>Fields such as the funding rate of a delivery contract are sent as an empty string.</summary>
    private static bool TryDecimalOrEmpty(JsonFieldReader f, int slot, out ReadOnlySpan<byte> value)
    {
        if (f[slot] is { Kind: JsonFieldKind.String, Length: 0 })
        {
            value = default;
            return true;
        }

        return f.TryDecimal(slot, out value);
    }

    private static ParsedMessage Invalid(StreamType stream, string reason) =>
        ParsedMessage.Failed(ParseError.BadField, "missing or bad field: " + reason, stream);
}

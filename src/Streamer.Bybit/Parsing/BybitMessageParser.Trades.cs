using Streamer.Binance.Parsing;
using Streamer.Core.Csv;
using Streamer.Core.Streams;

namespace Streamer.Bybit;

/// <summary>publicTrade → trade rows; allLiquidation → forceorder rows.</summary>
public sealed partial class BybitMessageParser
{
    private readonly List<TradeFields> _trades = [];
    private readonly List<LiquidationFields> _liquidations = [];

    // trade: trade_id,price,quantity,is_buyer_maker,transact_time,seq,is_block_trade,local_time_us
    // {"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":..,"data":[{"T","s","S","v","p","L","i","BT","seq"}]}
    private ParsedMessage Trades(ReadOnlySpan<byte> message, Envelope envelope, long ts, long localTimeUs, CsvRowBuilder rows)
    {
        const StreamType stream = StreamType.Trade;
        var problem = ReadObjects(message, envelope.Data, _trades, static (ref TradeFields t, ReadOnlySpan<byte> key, BybitValue value) =>
        {
            switch (key.Length)
            {
                case 1 when key[0] == 'T': t.Time = value; break;
                case 1 when key[0] == 's': t.Symbol = value; break;
                case 1 when key[0] == 'S': t.Side = value; break;
                case 1 when key[0] == 'v': t.Size = value; break;
                case 1 when key[0] == 'p': t.Price = value; break;
                case 1 when key[0] == 'i': t.Id = value; break;
                case 2 when key.SequenceEqual("BT"u8): t.Block = value; break;
                case 3 when key.SequenceEqual("seq"u8): t.Seq = value; break;
                default: break;
            }
        });
        if (problem is not null)
        {
            return Invalid(stream, "publicTrade " + problem);
        }

        long firstSeq = 0, lastSeq = 0, firstTime = 0;
        for (var n = 0; n < _trades.Count; n++)
        {
            var t = _trades[n];
            if (!BybitJson.TryLong(message, t.Time, out var time)
                || !IsSide(message, t.Side)
                || !BybitJson.TryDecimal(message, t.Size, out _)
                || !BybitJson.TryDecimal(message, t.Price, out _)
                || !BybitJson.TryId(message, t.Id, out _)
                || (t.Block.IsPresent && !BybitJson.TryBool(t.Block, out _))
                || !BybitJson.TryLong(message, t.Seq, out var seq))
            {
                return Invalid(stream, "a publicTrade trade needs T, S (Buy/Sell), v, p, i, BT and seq");
            }

            if (!SymbolMatches(message, t.Symbol))
            {
                return WrongSymbol(stream);
            }

            if (n == 0)
            {
                firstSeq = seq;
                firstTime = time;
            }

            lastSeq = seq;
        }

        foreach (var t in _trades)
        {
            BybitJson.TryLong(message, t.Time, out var time);
            BybitJson.TryLong(message, t.Seq, out var seq);
            rows.Raw(t.Id.In(message)).Raw(t.Price.In(message)).Raw(t.Size.In(message))
                .Bool(BybitJson.Is(message, t.Side, "Sell"u8)).Long(time).Long(seq);
            _ = BybitJson.TryBool(t.Block, out var block) ? rows.Bool(block) : rows.Empty();
            rows.Long(localTimeUs).EndRow();
        }

        return new ParsedMessage(ParseOutcome.Rows, stream, firstTime, ts, firstSeq, lastSeq, 0, false, _trades.Count, ParseError.None, null);
    }

    // forceorder: event_time,side,order_type,time_in_force,original_quantity,price,average_price,order_status,last_filled_quantity,filled_accumulated_quantity,trade_time,local_time_us
    // {"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":..,"data":[{"T","s","S","v","p"}]}: S is the side of the
    // liquidated POSITION; the column holds the side of the liquidation order, as Binance's forceOrder does.
    private ParsedMessage Liquidations(ReadOnlySpan<byte> message, Envelope envelope, long ts, long localTimeUs, CsvRowBuilder rows)
    {
        const StreamType stream = StreamType.ForceOrder;
        var problem = ReadObjects(message, envelope.Data, _liquidations, static (ref LiquidationFields l, ReadOnlySpan<byte> key, BybitValue value) =>
        {
            if (key.Length != 1)
            {
                return;
            }

            switch (key[0])
            {
                case (byte)'T': l.Time = value; break;
                case (byte)'s': l.Symbol = value; break;
                case (byte)'S': l.Side = value; break;
                case (byte)'v': l.Size = value; break;
                case (byte)'p': l.Price = value; break;
                default: break;
            }
        });
        if (problem is not null)
        {
            return Invalid(stream, "allLiquidation " + problem);
        }

        foreach (var l in _liquidations)
        {
            if (!BybitJson.TryLong(message, l.Time, out _)
                || !IsSide(message, l.Side)
                || !BybitJson.TryDecimal(message, l.Size, out _)
                || !BybitJson.TryDecimal(message, l.Price, out _))
            {
                return Invalid(stream, "an allLiquidation element needs T, S (Buy/Sell), v and p");
            }

            if (!SymbolMatches(message, l.Symbol))
            {
                return WrongSymbol(stream);
            }
        }

        foreach (var l in _liquidations)
        {
            BybitJson.TryLong(message, l.Time, out var time);
            var size = l.Size.In(message);
            var orderSide = BybitJson.Is(message, l.Side, "Buy"u8) ? "SELL"u8 : "BUY"u8;
            rows.Long(ts).Raw(orderSide).Empty().Empty().Raw(size).Raw(l.Price.In(message)).Empty().Empty()
                .Raw(size).Raw(size).Long(time).Long(localTimeUs).EndRow();
        }

        return new ParsedMessage(ParseOutcome.Rows, stream, ts, ts, ts, ts, 0, false, _liquidations.Count, ParseError.None, null);
    }

    private static bool IsSide(ReadOnlySpan<byte> message, BybitValue side) =>
        BybitJson.Is(message, side, "Buy"u8) || BybitJson.Is(message, side, "Sell"u8);

    private struct TradeFields
    {
        public BybitValue Time;
        public BybitValue Symbol;
        public BybitValue Side;
        public BybitValue Size;
        public BybitValue Price;
        public BybitValue Id;
        public BybitValue Block;
        public BybitValue Seq;
    }

    private struct LiquidationFields
    {
        public BybitValue Time;
        public BybitValue Symbol;
        public BybitValue Side;
        public BybitValue Size;
        public BybitValue Price;
    }
}

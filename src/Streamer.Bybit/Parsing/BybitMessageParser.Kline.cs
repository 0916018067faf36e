using Streamer.Binance.Parsing;
using Streamer.Core.Csv;
using Streamer.Core.Streams;

namespace Streamer.Bybit;

/// <summary>kline.1 → kline_1m rows (closed candles only, unless storage.kline_all_updates).</summary>
public sealed partial class BybitMessageParser
{
    private readonly List<CandleFields> _candles = [];

    // kline_1m: open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,is_closed,event_time,local_time_us
    // {"topic":"kline.1.BTCUSDT","type":"snapshot","ts":..,"data":[{"start","end","interval","open","close","high","low","volume","turnover","confirm","timestamp"}]}
    // Bybit sends no trade count and no taker volumes: those columns are empty.
    private ParsedMessage Klines(ReadOnlySpan<byte> message, Envelope envelope, long ts, long localTimeUs, CsvRowBuilder rows)
    {
        const StreamType stream = StreamType.Kline1m;
        var problem = ReadObjects(message, envelope.Data, _candles, static (ref CandleFields c, ReadOnlySpan<byte> key, BybitValue value) =>
        {
            switch (key.Length)
            {
                case 3 when key.SequenceEqual("end"u8): c.End = value; break;
                case 3 when key.SequenceEqual("low"u8): c.Low = value; break;
                case 4 when key.SequenceEqual("open"u8): c.Open = value; break;
                case 4 when key.SequenceEqual("high"u8): c.High = value; break;
                case 5 when key.SequenceEqual("start"u8): c.Start = value; break;
                case 5 when key.SequenceEqual("close"u8): c.Close = value; break;
                case 6 when key.SequenceEqual("volume"u8): c.Volume = value; break;
                case 7 when key.SequenceEqual("confirm"u8): c.Confirm = value; break;
                case 8 when key.SequenceEqual("interval"u8): c.Interval = value; break;
                case 8 when key.SequenceEqual("turnover"u8): c.Turnover = value; break;
                case 9 when key.SequenceEqual("timestamp"u8): c.Timestamp = value; break;
                default: break;
            }
        });
        if (problem is not null)
        {
            return Invalid(stream, "kline " + problem);
        }

        foreach (var c in _candles)
        {
            if (!BybitJson.TryLong(message, c.Start, out _)
                || !BybitJson.TryLong(message, c.End, out _)
                || !BybitJson.TryDecimal(message, c.Open, out _)
                || !BybitJson.TryDecimal(message, c.High, out _)
                || !BybitJson.TryDecimal(message, c.Low, out _)
                || !BybitJson.TryDecimal(message, c.Close, out _)
                || !BybitJson.TryDecimal(message, c.Volume, out _)
                || !BybitJson.TryDecimal(message, c.Turnover, out _)
                || !BybitJson.TryBool(c.Confirm, out _)
                || (c.Timestamp.IsPresent && !BybitJson.TryLong(message, c.Timestamp, out _)))
            {
                return Invalid(stream, "a kline candle needs start, end, open, high, low, close, volume, turnover and confirm");
            }

            if (!BybitJson.Is(message, c.Interval, "1"u8))
            {
                return ParsedMessage.Failed(ParseError.BadField, "kline interval is not 1", stream);
            }
        }

        var written = 0;
        long firstStart = 0, lastStart = 0, eventTime = 0;
        var closed = false;
        foreach (var c in _candles)
        {
            BybitJson.TryLong(message, c.Start, out var start);
            BybitJson.TryBool(c.Confirm, out var confirm);
            if (!confirm && !_klineAllUpdates)
            {
                continue;
            }

            BybitJson.TryLong(message, c.End, out var end);
            var candleTime = BybitJson.TryLong(message, c.Timestamp, out var timestamp) ? timestamp : ts;
            rows.Long(start).Raw(c.Open.In(message)).Raw(c.High.In(message)).Raw(c.Low.In(message)).Raw(c.Close.In(message))
                .Raw(c.Volume.In(message)).Long(end).Raw(c.Turnover.In(message)).Empty().Empty().Empty()
                .Bool(confirm).Long(candleTime).Long(localTimeUs).EndRow();
            firstStart = written == 0 ? start : firstStart;
            lastStart = start;
            eventTime = Math.Max(eventTime, candleTime);
            closed = confirm;
            written++;
        }

        if (written == 0)
        {
            BybitJson.TryLong(message, _candles[0].Start, out var start);
            return new ParsedMessage(ParseOutcome.Skipped, stream, start, ts, start, start, 0, false, 0, ParseError.None, null);
        }

        // A candle's day is its open time, as for Binance's klines.
        return new ParsedMessage(ParseOutcome.Rows, stream, firstStart, eventTime, firstStart, lastStart, 0, closed, written, ParseError.None, null);
    }

    private struct CandleFields
    {
        public BybitValue Start;
        public BybitValue End;
        public BybitValue Interval;
        public BybitValue Open;
        public BybitValue High;
        public BybitValue Low;
        public BybitValue Close;
        public BybitValue Volume;
        public BybitValue Turnover;
        public BybitValue Confirm;
        public BybitValue Timestamp;
    }
}

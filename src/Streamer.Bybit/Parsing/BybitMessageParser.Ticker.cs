using System.Text.Json;
using Streamer.Binance.Parsing;
using Streamer.Core.Csv;
using Streamer.Core.Streams;

namespace Streamer.Bybit;

/// <summary>tickers → one ticker row of the merged state per message.</summary>
public sealed partial class BybitMessageParser
{
    private readonly TickerState _ticker = new();
    private readonly BybitValue[] _tickerChanges = new BybitValue[TickerState.Keys.Length];

    // ticker: event_time,last_price,mark_price,index_price,funding_rate,next_funding_time,open_interest,open_interest_value,
    //         bid1_price,bid1_size,ask1_price,ask1_size,high_price_24h,low_price_24h,prev_price_24h,price_24h_pcnt,
    //         volume_24h,turnover_24h,cross_seq,local_time_us
    // {"topic":"tickers.BTCUSDT","type":"snapshot"|"delta","data":{"symbol","lastPrice",...},"cs":..,"ts":..}
    private ParsedMessage Ticker(ReadOnlySpan<byte> message, Envelope envelope, long ts, long localTimeUs, CsvRowBuilder rows)
    {
        const StreamType stream = StreamType.Ticker;
        var snapshot = BybitJson.Is(message, envelope.Type, "snapshot"u8);
        if (!snapshot && !BybitJson.Is(message, envelope.Type, "delta"u8))
        {
            return Invalid(stream, "tickers type is neither snapshot nor delta");
        }

        if (envelope.Data.Kind != BybitValueKind.Object)
        {
            return Invalid(stream, "tickers data is not an object");
        }

        var hasCs = envelope.Cs.IsPresent;
        long cs = 0;
        if (hasCs && !BybitJson.TryLong(message, envelope.Cs, out cs))
        {
            return Invalid(stream, "tickers cs is not an integer");
        }

        // Check every field before the state changes: a bad message leaves it as it was.
        Array.Clear(_tickerChanges);
        BybitValue symbol = default;
        var reader = new Utf8JsonReader(envelope.Data.In(message));
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueIsEscaped ? default : reader.ValueSpan;
            reader.Read();
            var value = BybitJson.Read(ref reader, envelope.Data.Start);
            if (key.SequenceEqual("symbol"u8))
            {
                symbol = value;
                continue;
            }

            var index = TickerState.IndexOf(key);
            if (index < 0)
            {
                continue;
            }

            if (!BybitJson.TryDecimalOrEmpty(message, value, out _))
            {
                return Invalid(stream, "a tickers field is not a decimal");
            }

            _tickerChanges[index] = value;
        }

        if (!SymbolMatches(message, symbol))
        {
            return WrongSymbol(stream);
        }

        if (snapshot)
        {
            _ticker.Clear();
        }

        for (var i = 0; i < _tickerChanges.Length; i++)
        {
            if (_tickerChanges[i].IsPresent)
            {
                _ticker.Set(i, _tickerChanges[i].In(message));
            }
        }

        rows.Long(ts);
        for (var i = 0; i < TickerState.Keys.Length; i++)
        {
            rows.Raw(_ticker[i]);
        }

        _ = hasCs ? rows.Long(cs) : rows.Empty();
        rows.Long(localTimeUs).EndRow();
        return new ParsedMessage(ParseOutcome.Rows, stream, ts, ts, cs, cs, 0, false, 1, ParseError.None, null);
    }
}

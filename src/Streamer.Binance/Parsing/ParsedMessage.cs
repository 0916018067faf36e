using Streamer.Core.Streams;

namespace Streamer.Binance.Parsing;

/// <summary>What became of one parsed message.</summary>
public enum ParseOutcome : byte
{
    /// <summary>Rows were appended to the builder.</summary>
    Rows = 1,
    /// <summary>A valid message that writes no row: an unclosed candle, a subscription reply.</summary>
    Skipped = 2,
    /// <summary>The message is unusable; see <see cref="ParsedMessage.Error"/> and <see cref="ParsedMessage.Reason"/>.</summary>
    Error = 3,
}

/// <summary>Why a message was rejected. Counted as <c>malformed</c> by the worker.</summary>
public enum ParseError : byte
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>Not valid JSON (or not a JSON object).</summary>
    InvalidJson,
    /// <summary>Valid JSON, but the event type is not one this parser knows.</summary>
    UnknownEvent,
    /// <summary>A required field is absent.</summary>
    MissingField,
    /// <summary>A field has the wrong JSON type or an unusable value.</summary>
    BadField,
    /// <summary>The message or one of its lists is larger than any real Binance message.</summary>
    TooLarge,
    /// <summary>The message belongs to another symbol than the one this parser records.</summary>
    WrongSymbol,
}

/// <summary>
/// The result of parsing one exchange message: everything the worker needs for continuity checks and
/// routing, without a second look at the JSON. A small value type so that the hot path allocates nothing.
/// </summary>
/// <param name="Outcome">Rows, skipped or error.</param>
/// <param name="Stream">Stream the message belongs to (<see cref="StreamType.None"/> when unknown).</param>
/// <param name="ExchangeTimeMs">
/// Exchange time that picks the UTC day file: transact time for aggTrade, open time for klines, event time otherwise;
/// for spot's bookTicker, which carries no time at all, the local receive time in ms.
/// </param>
/// <param name="EventTimeMs">The message's event time <c>E</c> (spot bookTicker: the local receive time in ms, as above).</param>
/// <param name="FirstId">aggTrade <c>a</c>; depth <c>U</c>; bookTicker <c>u</c>; kline open time; markPrice and forceOrder <c>E</c>.</param>
/// <param name="LastId">depth <c>u</c>; the same as <paramref name="FirstId"/> for the others.</param>
/// <param name="PrevId">depth <c>pu</c>; 0 for the others and for spot depth, which sends no <c>pu</c>.</param>
/// <param name="Closed">kline: the candle is closed (<c>x</c>).</param>
/// <param name="Rows">CSV rows appended (0 unless <see cref="ParseOutcome.Rows"/>).</param>
/// <param name="Error">Why the message was rejected.</param>
/// <param name="Reason">A short human-readable reason for logs (null unless an error).</param>
public readonly record struct ParsedMessage(
    ParseOutcome Outcome,
    StreamType Stream,
    long ExchangeTimeMs,
    long EventTimeMs,
    long FirstId,
    long LastId,
    long PrevId,
    bool Closed,
    int Rows,
    ParseError Error,
    string? Reason)
{
    /// <summary>True when the message was rejected.</summary>
    public bool IsError => Outcome == ParseOutcome.Error;

    /// <summary>
    /// A per-stream ordering key that grows with every new message of a stream: used to drop the
    /// duplicates two overlapping connections deliver. aggTrade <c>a</c>, depth and bookTicker <c>u</c>, trade (Bybit)
    /// the last trade's <c>seq</c>; kline, markPrice, forceOrder and ticker use the event time.
    /// </summary>
    public long OrderingKey => Stream switch
    {
        StreamType.Depth or StreamType.Trade or StreamType.DepthSnapshot => LastId,
        StreamType.AggTrade or StreamType.BookTicker => FirstId,
        _ => EventTimeMs,
    };

    /// <summary>A rejected message.</summary>
    public static ParsedMessage Failed(ParseError error, string reason, StreamType stream = StreamType.None) =>
        new(ParseOutcome.Error, stream, 0, 0, 0, 0, 0, false, 0, error, reason);
}

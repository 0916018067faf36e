using Streamer.Core.Csv;

namespace Streamer.Binance.Parsing;

/// <summary>
/// Turns one WebSocket message of an exchange into CSV rows of the recorder's own schemas
/// (<see cref="Streamer.Core.Streams.StreamCatalog"/>) plus the ids the worker needs for continuity
/// (<see cref="ParsedMessage"/>), so that everything after parsing is the same for every market.
/// Bad input is an error result, never an exception. One instance per symbol and thread.
/// </summary>
public interface IMessageParser
{
    /// <summary>
    /// Parses one complete message and appends its rows to <paramref name="rows"/>; nothing is appended unless the
    /// outcome is <see cref="ParseOutcome.Rows"/>.
    /// </summary>
    /// <param name="message">The UTF-8 text of one WebSocket message.</param>
    /// <param name="localTimeUs">Local receive time, microseconds since the epoch (the <c>local_time_us</c> column).</param>
    /// <param name="rows">Where rows are appended.</param>
    ParsedMessage Parse(ReadOnlySpan<byte> message, long localTimeUs, CsvRowBuilder rows);
}

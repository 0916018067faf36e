namespace Streamer.Core.Streams;

/// <summary>Everything the product knows about one recorded stream, in one place.</summary>
/// <param name="Type">Wire identifier.</param>
/// <param name="ConfigName">Name used in <c>config.yaml</c> and as the CSV file prefix.</param>
/// <param name="Route">WebSocket route that carries it, or <see cref="WsRoute.None"/>.</param>
/// <param name="BinanceSuffix">Stream name suffix after <c>symbol@</c> (null when not a WebSocket stream).</param>
/// <param name="Header">CSV header row (DESIGN section 3), without the newline.</param>
public sealed record StreamInfo(StreamType Type, string ConfigName, WsRoute Route, string? BinanceSuffix, string Header)
{
    /// <summary>Column names of <see cref="Header"/>.</summary>
    public IReadOnlyList<string> Columns { get; } = Header.Split(',');

    /// <summary>
    /// The column whose time picks the UTC day file of a row: <c>event_time</c> unless the stream says
    /// otherwise (aggtrade: <c>transact_time</c>; kline: <c>open_time</c>, so the 23:59 candle, sent after
    /// midnight, stays in the day it covers like in Binance's dumps; events: <c>local_time_us</c>).
    /// </summary>
    public string DayColumn { get; init; } = "event_time";

    /// <summary>
    /// How many leading columns are, in name and order, those of Binance's public historical dumps
    /// (data.binance.vision), so live and historical files can be concatenated; 0 when there is no such
    /// dump. A row that came from a dump (<c>streamer history</c>) leaves the later time columns
    /// (<c>event_time</c>, <c>local_time_us</c>) empty.
    /// </summary>
    public int DumpColumns { get; init; }

    /// <summary>File prefix: the stream part of <c>{stream}_{SYMBOL}_{YYYYMMDD}.csv</c>.</summary>
    public string FilePrefix => ConfigName;
}

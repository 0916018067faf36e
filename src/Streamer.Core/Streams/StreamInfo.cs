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

    /// <summary>File prefix: the stream part of <c>{stream}_{SYMBOL}_{YYYYMMDD}.csv</c>.</summary>
    public string FilePrefix => ConfigName;
}

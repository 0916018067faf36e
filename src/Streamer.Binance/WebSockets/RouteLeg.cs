using Streamer.Core.Csv;
using Streamer.Core.Streams;

namespace Streamer.Binance.WebSockets;

/// <summary>
/// One of the (at most two) connections of a route: the active one, or during a rollover the replacement
/// that buffers its messages until it provably overlaps the active one.
/// </summary>
internal sealed class RouteLeg(WebSocketSession session, long connectedAtMs)
{
    private static readonly int StreamSlots = Enum.GetValues<StreamType>().Length;

    public WebSocketSession Session { get; } = session;

    public long ConnectedAtMs { get; } = connectedAtMs;

    /// <summary>Rows of the message being handled (one builder per leg: two legs receive concurrently).</summary>
    public CsvRowBuilder Rows { get; } = new(64 * 1024);

    /// <summary>Local time (ms) of the last message per stream; 0 = none yet.</summary>
    public long[] LastMessageAtMs { get; } = new long[StreamSlots];

    /// <summary>Ordering key of the first message per stream (replacement legs).</summary>
    public long?[] FirstKey { get; } = new long?[StreamSlots];

    /// <summary>Messages a replacement received before it took over, rows copied.</summary>
    public List<(Parsing.ParsedMessage Parsed, byte[] Rows, long LocalTimeUs)> Pending { get; } = [];

    /// <summary>Messages received on this leg.</summary>
    public long Messages { get; set; }

    /// <summary>The receive loop.</summary>
    public Task<string>? Receiving { get; set; }

    /// <summary>Why the watchdog ended this leg, when it did (more telling than the aborted socket's error).</summary>
    public string? AbortReason { get; set; }
}

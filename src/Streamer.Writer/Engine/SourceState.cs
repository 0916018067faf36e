using Streamer.Core.Streams;
using Streamer.Writer.Files;

namespace Streamer.Writer.Engine;

/// <summary>The durable sequence space of one client source (e.g. <c>worker:BTCUSDT</c>).</summary>
internal sealed class SourceState(string name, ulong durable)
{
    public string Name { get; } = name;

    /// <summary>Last sequence whose rows are in the engine (buffered or written).</summary>
    public ulong Accepted { get; set; } = durable;

    /// <summary>Last sequence covered by a checkpoint: safe to acknowledge.</summary>
    public ulong Durable { get; set; } = durable;

    /// <summary>Last sequence acknowledged to <see cref="Owner"/>.</summary>
    public ulong AckSent { get; set; }

    /// <summary>The connection currently speaking for this source, if any.</summary>
    public IWriterPeer? Owner { get; set; }

    /// <summary>The owner waits for its HelloAck until accepted rows are durable.</summary>
    public bool HelloAckPending { get; set; }

    /// <summary>A resend was dropped: acknowledge again even if nothing new was written.</summary>
    public bool AckDue { get; set; }
}

/// <summary>Engine-owned state of one connection.</summary>
internal sealed class PeerSession(SourceState source, string symbol, string exchange)
{
    public SourceState Source { get; } = source;

    public string Symbol { get; } = symbol;

    /// <summary>The market of <see cref="Symbol"/> (its files' folder, <see cref="Core.Exchanges.ExchangePaths"/>).</summary>
    public string Exchange { get; } = exchange;

    /// <summary>Whether a Data frame was accepted on this connection yet.</summary>
    public bool ReceivedData { get; set; }

    /// <summary>Last file used per stream: consecutive frames of a stream nearly always share a day.</summary>
    public DayFile?[] FileByStream { get; } = new DayFile?[StreamCatalog.All.Max(s => (int)s.Type) + 1];
}

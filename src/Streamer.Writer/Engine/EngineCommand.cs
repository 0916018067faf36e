using Streamer.Core.Framing;
using Streamer.Writer.Compression;

namespace Streamer.Writer.Engine;

/// <summary>What the engine's single loop is asked to do.</summary>
internal enum EngineCommandKind
{
    /// <summary>A connection's Hello was read and validated.</summary>
    Connected,
    /// <summary>
    /// Whole Data frames read in one go from one connection, headers included: <see cref="EngineCommand.Buffer"/>
    /// is a pooled copy of <see cref="EngineCommand.Length"/> bytes, whose payloads (<see cref="EngineCommand.PayloadBytes"/>
    /// in all) the connection took from the byte budget. One command per read, not per frame: the queue
    /// and the pool then cost per batch, which is what keeps the hot path cheap and allocation-free.
    /// </summary>
    Data,
    /// <summary>A connection ended.</summary>
    Disconnected,
    /// <summary>The flush timer fired.</summary>
    Tick,
    /// <summary>A background compression finished (or failed).</summary>
    CompressionDone,
}

/// <summary>One message to the engine. A struct, so a batch of data frames costs no allocation besides its pooled buffer.</summary>
internal readonly record struct EngineCommand(
    EngineCommandKind Kind,
    IWriterPeer? Peer = null,
    Hello? Hello = null,
    byte[]? Buffer = null,
    int Length = 0,
    int PayloadBytes = 0,
    CompressionJob? Job = null)
{
    public static EngineCommand Tick { get; } = new(EngineCommandKind.Tick);
}

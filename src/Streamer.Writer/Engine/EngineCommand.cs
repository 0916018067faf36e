using System.Buffers;
using Streamer.Pipes.Framing;
using Streamer.Writer.Compression;

namespace Streamer.Writer.Engine;

/// <summary>What the engine's single loop is asked to do.</summary>
internal enum EngineCommandKind
{
    /// <summary>A connection's Hello was read and validated.</summary>
    Connected,
    /// <summary>
    /// Whole Data frames read in one go from one connection, headers included: <see cref="EngineCommand.Frames"/>
    /// is the connection's own read buffer, valid until the engine calls <see cref="IWriterPeer.FramesApplied"/>
    /// (the connection reads nothing more meanwhile; the socket keeps what arrives, so the next read takes a
    /// larger batch). Their payloads (<see cref="EngineCommand.PayloadBytes"/>) are taken from the byte budget.
    /// One command per read and no copy: the queue costs per batch and the hot path allocates nothing.
    /// </summary>
    Data,
    /// <summary>A connection ended.</summary>
    Disconnected,
    /// <summary>The flush timer fired.</summary>
    Tick,
    /// <summary>A background compression finished (or failed).</summary>
    CompressionDone,
}

/// <summary>One message to the engine. A struct, so a batch of data frames costs no allocation.</summary>
internal readonly record struct EngineCommand(
    EngineCommandKind Kind,
    IWriterPeer? Peer = null,
    Hello? Hello = null,
    ReadOnlySequence<byte> Frames = default,
    int PayloadBytes = 0,
    CompressionJob? Job = null)
{
    public static EngineCommand Tick { get; } = new(EngineCommandKind.Tick);
}

using Streamer.Core.Framing;
using Streamer.Writer.Compression;

namespace Streamer.Writer.Engine;

/// <summary>What the engine's single loop is asked to do.</summary>
internal enum EngineCommandKind
{
    /// <summary>A connection's Hello was read and validated.</summary>
    Connected,
    /// <summary>A Data frame; <see cref="EngineCommand.Buffer"/> is a pooled copy of its payload.</summary>
    Data,
    /// <summary>A connection ended.</summary>
    Disconnected,
    /// <summary>The flush timer fired.</summary>
    Tick,
    /// <summary>A background compression finished (or failed).</summary>
    CompressionDone,
}

/// <summary>One message to the engine. A struct, so a data frame costs no allocation besides its pooled buffer.</summary>
internal readonly record struct EngineCommand(
    EngineCommandKind Kind,
    IWriterPeer? Peer = null,
    Hello? Hello = null,
    FrameHeader Header = default,
    byte[]? Buffer = null,
    CompressionJob? Job = null)
{
    public static EngineCommand Tick { get; } = new(EngineCommandKind.Tick);
}

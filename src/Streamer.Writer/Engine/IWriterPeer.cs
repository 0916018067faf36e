namespace Streamer.Writer.Engine;

/// <summary>A connected client as the write engine sees it. Calls never block the engine.</summary>
internal interface IWriterPeer
{
    /// <summary>Short name for logs (connection id and source).</summary>
    string Name { get; }

    /// <summary>Engine-owned state of this connection; set when the engine accepts its Hello.</summary>
    PeerSession? Session { get; set; }

    /// <summary>Queues the HelloAck: every frame of the source up to <paramref name="sequence"/> is written.</summary>
    void SendHelloAck(ulong sequence);

    /// <summary>Queues an Ack (only the newest pending one is sent).</summary>
    void SendAck(ulong sequence);

    /// <summary>
    /// The engine is done with the frames of the Data command it was given (applied, or dropped because it
    /// is stopping after a failure): the connection may release that memory and read on.
    /// </summary>
    void FramesApplied();

    /// <summary>Closes the connection; the client reconnects and resends what is unacknowledged.</summary>
    void Close(string reason);
}

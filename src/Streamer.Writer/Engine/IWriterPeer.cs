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

    /// <summary>Closes the connection; the client reconnects and resends what is unacknowledged.</summary>
    void Close(string reason);
}

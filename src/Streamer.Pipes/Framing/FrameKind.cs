namespace Streamer.Pipes.Framing;

/// <summary>Frame kinds of the pipe protocol. Values are on the wire: append only.</summary>
public enum FrameKind : byte
{
    /// <summary>Client → server, first frame: who is speaking (<see cref="Hello"/>).</summary>
    Hello = 1,
    /// <summary>Server → client answer to Hello; its sequence is the last one durably written for that source.</summary>
    HelloAck = 2,
    /// <summary>Client → server: CSV rows of one stream and one UTC day.</summary>
    Data = 3,
    /// <summary>Server → client: every Data frame up to and including this sequence is durably written.</summary>
    Ack = 4,
    /// <summary>Server → client: the connection is refused; payload is the reason (UTF-8). The server then closes.</summary>
    Reject = 5,
    /// <summary>Order book → worker: the book for the connection's symbol lost sync; take and send a fresh depth snapshot.</summary>
    SnapshotRequest = 6,
}

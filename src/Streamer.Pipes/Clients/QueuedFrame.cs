using System.Buffers;

namespace Streamer.Pipes.Clients;

/// <summary>
/// A whole encoded frame (header and payload) in a pooled buffer, tagged with the connection it was
/// queued for: frames of an earlier connection are never sent on a later one.
/// </summary>
internal readonly record struct QueuedFrame(byte[] Buffer, int Length, long Connection)
{
    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}

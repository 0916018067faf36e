using System.Buffers;
using Streamer.Core.Framing;
using Streamer.Core.Streams;

namespace Streamer.Writer.Client;

/// <summary>
/// Every frame written by the producer and not yet acknowledged, in order: the oldest in the spool
/// file (when memory overflowed), the rest in memory. Payloads sit in pooled chunks (<see cref="FrameChunks"/>)
/// and their index in a ring of structs, so keeping a frame allocates nothing. Not thread-safe: the client
/// serialises access.
/// </summary>
internal sealed class KeptFrames(long maxMemoryBytes, string spoolPath) : IDisposable
{
    private readonly FrameRing<KeptFrame> _memory = new();
    private readonly FrameChunks _chunks = new();
    private readonly SpoolFile _spool = new(spoolPath);

    /// <summary>Number the next appended frame gets.</summary>
    public long NextLocal { get; private set; } = 1;

    /// <summary>Every frame up to this number is acknowledged.</summary>
    public long AcknowledgedThrough { get; private set; }

    public long MemoryBytes { get; private set; }

    public long Count => NextLocal - 1 - AcknowledgedThrough;

    /// <summary>Bytes kept in memory and in the spool file.</summary>
    public long Bytes => MemoryBytes + _spool.Bytes;

    public string SpoolPath => _spool.Path;

    /// <summary>Pooled chunks holding in-memory frames (tests).</summary>
    internal int ChunksInUse => _chunks.ChunksInUse;

    public bool MemoryFull => MemoryBytes > maxMemoryBytes;

    /// <summary>Keeps a copy of <paramref name="rows"/> as the next frame; returns its number.</summary>
    public long Append(StreamType stream, long exchangeTimeMs, ReadOnlySpan<byte> rows)
    {
        var (chunk, offset) = _chunks.Store(rows);
        var frame = new KeptFrame(NextLocal++, stream, exchangeTimeMs, chunk, offset, rows.Length);
        _memory.PushBack(frame);
        MemoryBytes += frame.Cost;
        return frame.Local;
    }

    /// <summary>Moves the oldest in-memory frames to the spool until memory fits. Throws when the spool cannot be written.</summary>
    /// <returns>Bytes moved.</returns>
    public long SpillOverflow()
    {
        long moved = 0;
        while (MemoryBytes > maxMemoryBytes && _memory.Count > 0)
        {
            var oldest = _memory.Front;
            _spool.Append(oldest);
            _memory.PopFront();
            MemoryBytes -= oldest.Cost;
            moved += oldest.Cost;
        }

        ReleaseChunks();
        return moved;
    }

    /// <summary>Drops every frame up to <paramref name="local"/>.</summary>
    public void Acknowledge(long local)
    {
        if (local <= AcknowledgedThrough)
        {
            return;
        }

        AcknowledgedThrough = Math.Min(local, NextLocal - 1);
        while (_memory.Count > 0 && _memory.Front.Local <= AcknowledgedThrough)
        {
            MemoryBytes -= _memory.PopFront().Cost;
        }

        ReleaseChunks();
        _spool.ReleaseThrough(AcknowledgedThrough);
    }

    /// <summary>
    /// Appends wire Data frames for kept frames after number <paramref name="after"/> to <paramref name="batch"/>
    /// until it holds <paramref name="maxBytes"/>; returns the number of the last frame copied (or <paramref name="after"/>).
    /// </summary>
    public long CopyAfter(long after, ulong sequenceBase, ArrayBufferWriter<byte> batch, int maxBytes)
    {
        var last = Math.Max(after, AcknowledgedThrough);
        while (batch.WrittenCount < maxBytes && _spool.Contains(last + 1))
        {
            _spool.CopyFrame(last + 1, sequenceBase, batch);
            last++;
        }

        if (_memory.Count > 0 && batch.WrittenCount < maxBytes)
        {
            var index = (int)(last + 1 - _memory.Front.Local);
            while (index >= 0 && index < _memory.Count && batch.WrittenCount < maxBytes)
            {
                var f = _memory[index++];
                FrameCodec.Write(batch, FrameKind.Data, f.Stream, sequenceBase + (ulong)f.Local, f.ExchangeTimeMs, f.Payload);
                last = f.Local;
            }
        }

        return last;
    }

    public void Dispose()
    {
        _spool.Dispose();
        _chunks.Dispose();
    }

    private void ReleaseChunks() => _chunks.ReleaseBefore(_memory.Count > 0 ? _memory.Front.Chunk : null);
}

using System.Buffers;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;
using Streamer.Pipes.Journal;

namespace Streamer.Pipes.Clients;

/// <summary>
/// Every frame written by the producer and not yet acknowledged, in order: the oldest in the journal
/// (when memory overflowed, or what a previous process of the source left), the rest in memory. Payloads sit in
/// pooled chunks (<see cref="FrameChunks"/>) and their index in a ring of structs, so keeping a frame allocates
/// nothing. Frame numbers continue those of the journal. Not thread-safe: the client serialises access.
/// </summary>
internal sealed class KeptFrames : IDisposable
{
    private readonly FrameRing<KeptFrame> _memory = new();
    private readonly FrameChunks _chunks = new();
    private readonly FrameJournal _journal;
    private readonly long _maxMemoryBytes;

    /// <param name="maxMemoryBytes">Bytes kept in memory before the oldest frames move to the journal.</param>
    /// <param name="journal">The source's journal, opened (and owned) by the caller; its frames come first.</param>
    public KeptFrames(long maxMemoryBytes, FrameJournal journal)
    {
        _maxMemoryBytes = maxMemoryBytes;
        _journal = journal;
        if (!journal.IsEmpty)
        {
            AcknowledgedThrough = journal.FirstLocal - 1;
            NextLocal = journal.LastLocal + 1;
        }
    }

    /// <summary>Number the next appended frame gets.</summary>
    public long NextLocal { get; private set; } = 1;

    /// <summary>Every frame up to this number is acknowledged.</summary>
    public long AcknowledgedThrough { get; private set; }

    public long MemoryBytes { get; private set; }

    public long Count => NextLocal - 1 - AcknowledgedThrough;

    /// <summary>Frames kept in memory only (lost if the process dies).</summary>
    public long MemoryCount => _memory.Count;

    /// <summary>Unacknowledged frames in the journal.</summary>
    public long JournalCount => Count - _memory.Count;

    /// <summary>Bytes of the journal's segments (acknowledged records are reclaimed a segment at a time).</summary>
    public long JournalBytes => _journal.Bytes;

    /// <summary>Bytes kept in memory and in the journal.</summary>
    public long Bytes => MemoryBytes + _journal.Bytes;

    public FrameJournal Journal => _journal;

    /// <summary>Pooled chunks holding in-memory frames (tests).</summary>
    internal int ChunksInUse => _chunks.ChunksInUse;

    public bool MemoryFull => MemoryBytes > _maxMemoryBytes;

    /// <summary>Keeps a copy of <paramref name="rows"/> as the next frame; returns its number.</summary>
    public long Append(StreamType stream, long exchangeTimeMs, ReadOnlySpan<byte> rows)
    {
        var (chunk, offset) = _chunks.Store(rows);
        var frame = new KeptFrame(NextLocal++, stream, exchangeTimeMs, chunk, offset, rows.Length);
        _memory.PushBack(frame);
        MemoryBytes += frame.Cost;
        return frame.Local;
    }

    /// <summary>Moves the oldest in-memory frames to the journal until memory fits. Throws when the journal cannot be written.</summary>
    /// <returns>Bytes moved.</returns>
    public long SpillOverflow() => SpillWhile(_maxMemoryBytes);

    /// <summary>Moves every in-memory frame to the journal (a stop that could not deliver them). Throws when the journal cannot be written.</summary>
    public long SpillAll() => SpillWhile(-1);

    private long SpillWhile(long keepBytes)
    {
        long moved = 0;
        while (MemoryBytes > keepBytes && _memory.Count > 0)
        {
            var oldest = _memory.Front;
            _journal.Append(oldest.Local, oldest.Stream, oldest.ExchangeTimeMs, oldest.Payload);
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
        _journal.ReleaseThrough(AcknowledgedThrough);
    }

    /// <summary>
    /// Appends wire Data frames for kept frames after number <paramref name="after"/> to <paramref name="batch"/>
    /// until it holds <paramref name="maxBytes"/>; returns the number of the last frame copied (or <paramref name="after"/>).
    /// </summary>
    public long CopyAfter(long after, ulong sequenceBase, ArrayBufferWriter<byte> batch, int maxBytes)
    {
        var last = Math.Max(after, AcknowledgedThrough);
        while (batch.WrittenCount < maxBytes && _journal.Contains(last + 1))
        {
            _journal.CopyFrame(last + 1, sequenceBase, batch);
            last++;
        }

        if (_memory.Count > 0 && batch.WrittenCount < maxBytes)
        {
            var index = (int)(last + 1 - _memory.Front.Local);
            while (index >= 0 && index < _memory.Count && batch.WrittenCount < maxBytes)
            {
                var f = _memory[index++];
                FrameCodec.Write(batch, FrameKind.Data, f.Stream, unchecked(sequenceBase + (ulong)f.Local), f.ExchangeTimeMs, f.Payload);
                last = f.Local;
            }
        }

        return last;
    }

    /// <summary>Returns the pooled chunks; the journal stays open (its owner closes it).</summary>
    public void Dispose() => _chunks.Dispose();

    private void ReleaseChunks() => _chunks.ReleaseBefore(_memory.Count > 0 ? _memory.Front.Chunk : null);
}

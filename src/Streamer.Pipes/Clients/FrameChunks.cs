using System.Buffers;

namespace Streamer.Pipes.Clients;

/// <summary>
/// Storage for kept frames' payloads: frames are copied one after another into large pooled arrays (chunks), so
/// keeping a frame allocates nothing; a chunk goes back to the pool once every frame in it is released. Frames are
/// released oldest first (acknowledged or spilled in order), which makes the chunks a simple queue.
/// Not thread-safe: <see cref="KeptFrames"/> serialises access.
/// </summary>
internal sealed class FrameChunks : IDisposable
{
    /// <summary>Size of a regular chunk: a few hundred typical frames, and under the large-object threshold.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>Emptied chunks kept for reuse instead of going back to the shared pool (steady state needs one or two).</summary>
    private const int MaxSpare = 2;

    private readonly Queue<byte[]> _inUse = new();
    private readonly Stack<byte[]> _spare = new();
    private byte[]? _current;
    private int _written;

    /// <summary>Chunks holding frames or ready for the next one (tests).</summary>
    internal int ChunksInUse => _inUse.Count;

    /// <summary>Copies <paramref name="payload"/> into a chunk; returns where it is.</summary>
    public (byte[] Chunk, int Offset) Store(ReadOnlySpan<byte> payload)
    {
        if (_current is null || _current.Length - _written < payload.Length)
        {
            if (payload.Length > ChunkSize)
            {
                // A frame larger than a chunk (a big snapshot) gets a chunk of its own, full at once.
                var own = ArrayPool<byte>.Shared.Rent(payload.Length);
                payload.CopyTo(own);
                _inUse.Enqueue(own);
                _current = null;
                return (own, 0);
            }

            _current = _spare.Count > 0 ? _spare.Pop() : ArrayPool<byte>.Shared.Rent(ChunkSize);
            _written = 0;
            _inUse.Enqueue(_current);
        }

        var offset = _written;
        payload.CopyTo(_current.AsSpan(offset));
        _written += payload.Length;
        return (_current, offset);
    }

    /// <summary>
    /// Releases the chunks before <paramref name="oldestKept"/>, the chunk of the oldest frame still kept
    /// (null when none is: every chunk is released, except that the current one is rewound for reuse).
    /// </summary>
    public void ReleaseBefore(byte[]? oldestKept)
    {
        while (_inUse.TryPeek(out var chunk) && !ReferenceEquals(chunk, oldestKept))
        {
            if (oldestKept is null && ReferenceEquals(chunk, _current) && _inUse.Count == 1)
            {
                _written = 0;
                return;
            }

            _inUse.Dequeue();
            if (ReferenceEquals(chunk, _current))
            {
                _current = null;
            }

            Return(chunk);
        }
    }

    public void Dispose()
    {
        while (_inUse.TryDequeue(out var chunk))
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        while (_spare.TryPop(out var chunk))
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _current = null;
    }

    private void Return(byte[] chunk)
    {
        if (chunk.Length == ChunkSize && _spare.Count < MaxSpare)
        {
            _spare.Push(chunk);
        }
        else
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}

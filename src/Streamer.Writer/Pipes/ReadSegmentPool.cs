using System.Buffers;
using System.Collections.Concurrent;

namespace Streamer.Writer.Pipes;

/// <summary>
/// The memory the connections' pipe readers read into: fixed-size segments kept in a writer-wide free
/// list (up to <see cref="MaxKept"/>) together with their owner objects, so reading allocates nothing once
/// warm. The shared <see cref="ArrayPool{T}"/> caches per thread and per core; segments rented on one
/// thread-pool thread and returned on another (a connection resumes wherever the engine's signal lands)
/// missed those caches often enough to allocate 64 KB arrays on the hot path.
/// </summary>
internal sealed class ReadSegmentPool(int segmentSize = ReadSegmentPool.DefaultSegmentSize) : MemoryPool<byte>
{
    /// <summary>Size of a segment: a pipe read of up to this many bytes fills one.</summary>
    public const int DefaultSegmentSize = 64 * 1024;

    /// <summary>Segments kept when returned (16 MiB); more in use at once are allocated and then dropped.</summary>
    private const int MaxKept = 256;

    private readonly ConcurrentQueue<Segment> _free = new();
    private int _freeCount;

    public override int MaxBufferSize => int.MaxValue;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > segmentSize)
        {
            return new Segment(null, minBufferSize); // A frame larger than a segment: rare, not kept.
        }

        if (_free.TryDequeue(out var segment))
        {
            Interlocked.Decrement(ref _freeCount);
            segment.Rented();
            return segment;
        }

        return new Segment(this, segmentSize);
    }

    protected override void Dispose(bool disposing)
    {
    }

    private void Return(Segment segment)
    {
        if (Interlocked.Increment(ref _freeCount) <= MaxKept)
        {
            _free.Enqueue(segment);
        }
        else
        {
            Interlocked.Decrement(ref _freeCount);
        }
    }

    private sealed class Segment(ReadSegmentPool? pool, int size) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = new byte[size];
        private int _free;

        public Memory<byte> Memory => _array;

        public void Rented() => Volatile.Write(ref _free, 0);

        public void Dispose()
        {
            // Only the first Dispose returns it: a second one would hand one array to two readers.
            if (Interlocked.Exchange(ref _free, 1) == 0)
            {
                pool?.Return(this);
            }
        }
    }
}

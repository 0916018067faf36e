using System.Buffers;

namespace Streamer.Writer.Files;

/// <summary>
/// Rows accepted for one file but not yet handed to the OS. Pooled, so a burst does not leave a large
/// array behind on every file that ever saw one.
/// </summary>
internal sealed class PendingBytes : IDisposable
{
    private byte[] _buffer = [];
    private int _count;

    public int Count => _count;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _count);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_count + bytes.Length > _buffer.Length)
        {
            Grow(_count + bytes.Length);
        }

        bytes.CopyTo(_buffer.AsSpan(_count));
        _count += bytes.Length;
    }

    /// <summary>Forgets the bytes (they were written) and gives the array back to the pool.</summary>
    public void Clear()
    {
        _count = 0;
        Return();
    }

    public void Dispose() => Clear();

    private void Grow(int needed)
    {
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(4096, _buffer.Length * 2)));
        _buffer.AsSpan(0, _count).CopyTo(next);
        Return();
        _buffer = next;
    }

    private void Return()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}

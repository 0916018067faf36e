using System.Buffers;

namespace Streamer.Writer.Files;

/// <summary>
/// Rows accepted for one file but not yet handed to the OS. The array is kept from one flush to the next
/// (renting and growing it again at every flush cost copies and pool traffic per flush), but only up to
/// <see cref="RetainedLimit"/>, and it goes back to the pool when the file falls idle, so a burst does not
/// leave a large array behind on every file that ever saw one.
/// </summary>
internal sealed class PendingBytes : IDisposable
{
    /// <summary>
    /// Largest array kept across flushes; a larger one (a burst) goes back to the pool once written. 1 MiB
    /// covers a busy depth file through a flush delayed by a slow checkpoint fsync (~200 ms), which otherwise
    /// re-rented and re-grew 512 KB-1 MB arrays on the hot path. Idle files give theirs back within seconds.
    /// </summary>
    public const int RetainedLimit = 1024 * 1024;

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

    /// <summary>Holds an array (pooled), even when empty.</summary>
    public bool HoldsArray => _buffer.Length > 0;

    /// <summary>Forgets the bytes (they were written); keeps the array for the next rows unless it is large.</summary>
    public void Clear()
    {
        _count = 0;
        if (_buffer.Length > RetainedLimit)
        {
            Return();
        }
    }

    /// <summary>Forgets the bytes and gives the array back to the pool (the file is idle or closed).</summary>
    public void Release()
    {
        _count = 0;
        Return();
    }

    public void Dispose() => Release();

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

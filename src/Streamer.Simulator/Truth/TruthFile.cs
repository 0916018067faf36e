namespace Streamer.Simulator.Truth;

/// <summary>
/// One ground-truth file (<c>DIR/{SYMBOL}/{stream}.jsonl</c>). Engines append under a short lock
/// into memory; a flusher writes the pending bytes out, so the engine never waits on the disk.
/// </summary>
internal sealed class TruthFile : IDisposable
{
    private readonly object _appendLock = new();
    private readonly object _flushLock = new();
    private readonly FileStream _stream;
    private byte[] _pending = new byte[64 * 1024];
    private byte[] _spare = new byte[64 * 1024];
    private int _length;
    private bool _disposed;

    public TruthFile(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
    }

    public string Path { get; }

    /// <summary>Appends one JSON object and a newline.</summary>
    public void Append(ReadOnlySpan<byte> json)
    {
        lock (_appendLock)
        {
            var needed = _length + json.Length + 1;
            if (needed > _pending.Length)
            {
                Array.Resize(ref _pending, Math.Max(needed, _pending.Length * 2));
            }

            json.CopyTo(_pending.AsSpan(_length));
            _pending[_length + json.Length] = (byte)'\n';
            _length = needed;
        }
    }

    /// <summary>Writes everything appended so far to the file (and the OS) before returning.</summary>
    public void Flush()
    {
        lock (_flushLock)
        {
            byte[] chunk;
            int length;
            lock (_appendLock)
            {
                if (_length == 0 || _disposed)
                {
                    return;
                }

                chunk = _pending;
                length = _length;
                _pending = _spare.Length >= 64 * 1024 ? _spare : new byte[64 * 1024];
                _length = 0;
            }

            _stream.Write(chunk, 0, length);
            _stream.Flush();
            _spare = chunk;
        }
    }

    public void Dispose()
    {
        Flush();
        lock (_flushLock)
        {
            lock (_appendLock)
            {
                _disposed = true;
            }

            _stream.Dispose();
        }
    }
}

using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Streamer.Core.Framing;
using Streamer.Core.Streams;

namespace Streamer.Writer.Client;

/// <summary>
/// Append-only overflow of kept frames that do not fit in memory: the oldest unacknowledged frames
/// move here in order, so the file always holds one contiguous run of frame numbers. It is read back
/// sequentially on resend and emptied (truncated) once the writer acknowledged all of it. Its content
/// only matters to this process (a restarted client cannot resend a dead one's frames), so it is
/// created fresh and deleted on close.
/// </summary>
/// <remarks>Record: local u64 | stream u8 | exchangeTime i64 | length i32 | payload, little-endian.</remarks>
internal sealed class SpoolFile(string path) : IDisposable
{
    private const int RecordHeaderSize = 21;

    private SafeFileHandle? _handle;
    private long _writeOffset;
    private long _firstLocal;
    private long _lastLocal;
    private long _cursorOffset;
    private long _cursorLocal;

    public string Path { get; } = path;

    public bool IsEmpty => _handle is null || _lastLocal < _firstLocal || _lastLocal == 0;

    /// <summary>Bytes in the file (acknowledged records are only reclaimed when all are).</summary>
    public long Bytes => _writeOffset;

    /// <summary>Last frame number in the file (0 when empty).</summary>
    public long LastLocal => IsEmpty ? 0 : _lastLocal;

    public bool Contains(long local) => !IsEmpty && local >= _firstLocal && local <= _lastLocal;

    /// <summary>Appends the next frame (its number follows the last one in the file).</summary>
    public void Append(in KeptFrame frame)
    {
        if (_handle is null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            _handle = File.OpenHandle(Path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        }

        Span<byte> header = stackalloc byte[RecordHeaderSize];
        BinaryPrimitives.WriteInt64LittleEndian(header, frame.Local);
        header[8] = (byte)frame.Stream;
        BinaryPrimitives.WriteInt64LittleEndian(header[9..], frame.ExchangeTimeMs);
        BinaryPrimitives.WriteInt32LittleEndian(header[17..], frame.Length);
        RandomAccess.Write(_handle, header, _writeOffset);
        RandomAccess.Write(_handle, frame.Payload, _writeOffset + RecordHeaderSize);
        if (IsEmpty)
        {
            _firstLocal = frame.Local;
            _cursorOffset = _writeOffset;
            _cursorLocal = frame.Local;
        }

        _writeOffset += RecordHeaderSize + frame.Length;
        _lastLocal = frame.Local;
    }

    /// <summary>Forgets everything once the writer acknowledged the last frame in the file.</summary>
    public void ReleaseThrough(long acknowledgedLocal)
    {
        if (_handle is not null && !IsEmpty && acknowledgedLocal >= _lastLocal)
        {
            RandomAccess.SetLength(_handle, 0);
            _writeOffset = 0;
            _firstLocal = 0;
            _lastLocal = 0;
            _cursorOffset = 0;
            _cursorLocal = 0;
        }
    }

    /// <summary>Appends frame <paramref name="local"/> to <paramref name="batch"/> as a wire Data frame.</summary>
    public void CopyFrame(long local, ulong sequenceBase, IBufferWriter<byte> batch)
    {
        Seek(local);
        Span<byte> header = stackalloc byte[RecordHeaderSize];
        ReadExactly(header, _cursorOffset);
        var stream = (StreamType)header[8];
        var time = BinaryPrimitives.ReadInt64LittleEndian(header[9..]);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header[17..]);
        var span = batch.GetSpan(FrameCodec.HeaderSize + length);
        FrameCodec.WriteHeader(span, FrameHeader.Data(stream, sequenceBase + (ulong)local, time, length));
        ReadExactly(span.Slice(FrameCodec.HeaderSize, length), _cursorOffset + RecordHeaderSize);
        batch.Advance(FrameCodec.HeaderSize + length);
        _cursorOffset += RecordHeaderSize + length;
        _cursorLocal = local + 1;
    }

    public void Dispose()
    {
        _handle?.Dispose(); // DeleteOnClose removes the file.
        _handle = null;
    }

    /// <summary>Moves the read cursor to the record of <paramref name="local"/>; sends are sequential, so this is rarely a scan.</summary>
    private void Seek(long local)
    {
        if (!Contains(local))
        {
            throw new InvalidOperationException($"frame {local} is not in the spool ({_firstLocal}..{_lastLocal})");
        }

        if (local < _cursorLocal)
        {
            _cursorOffset = 0;
            _cursorLocal = _firstLocal;
        }

        Span<byte> header = stackalloc byte[RecordHeaderSize];
        while (_cursorLocal < local)
        {
            ReadExactly(header, _cursorOffset);
            _cursorOffset += RecordHeaderSize + BinaryPrimitives.ReadInt32LittleEndian(header[17..]);
            _cursorLocal++;
        }
    }

    private void ReadExactly(Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            var n = RandomAccess.Read(_handle!, destination, offset);
            if (n <= 0)
            {
                throw new IOException($"spool file {Path} ended early");
            }

            destination = destination[n..];
            offset += n;
        }
    }
}

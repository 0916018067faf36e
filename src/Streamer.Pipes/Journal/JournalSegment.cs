using System.Buffers;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;

namespace Streamer.Pipes.Journal;

/// <summary>
/// One file of a journal: records (<see cref="JournalRecord"/>) of consecutive frame numbers, appended in
/// order, named after its first number so a directory listing sorts the segments. A segment is deleted as a
/// whole once every frame in it is acknowledged; reading is sequential (a resend), with a cursor so each
/// record is found without a scan.
/// </summary>
internal sealed class JournalSegment : IDisposable
{
    public const string Extension = ".seg";

    private readonly SafeFileHandle _handle;
    private long _cursorOffset;
    private long _cursorLocal;

    private JournalSegment(string path, SafeFileHandle handle, long firstLocal, long lastLocal, long length)
    {
        Path = path;
        _handle = handle;
        FirstLocal = firstLocal;
        LastLocal = lastLocal;
        Length = length;
        _cursorLocal = firstLocal;
    }

    public string Path { get; }

    public long FirstLocal { get; }

    /// <summary>Last frame number in the file; <see cref="FirstLocal"/> - 1 while it holds none.</summary>
    public long LastLocal { get; private set; }

    public long Length { get; private set; }

    public long Count => LastLocal - FirstLocal + 1;

    /// <summary>Appended to since the last <see cref="Sync"/>.</summary>
    public bool Dirty { get; private set; }

    public bool Contains(long local) => local >= FirstLocal && local <= LastLocal;

    public static string NameFor(long firstLocal) => firstLocal.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    /// <summary>Creates an empty segment whose first frame will be <paramref name="firstLocal"/>.</summary>
    public static JournalSegment Create(string directory, long firstLocal)
    {
        var path = System.IO.Path.Combine(directory, NameFor(firstLocal));
        var handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        return new JournalSegment(path, handle, firstLocal, firstLocal - 1, 0);
    }

    /// <summary>
    /// Opens an existing segment and checks every record; a torn or damaged tail is cut off. Returns null
    /// when the file holds no valid record (it is then deleted). <paramref name="onRecord"/> sees each valid
    /// record (number, stream, exchange time, payload offset, payload length).
    /// </summary>
    /// <remarks>With <paramref name="repair"/> false (an inspection while the owner may be appending) nothing is cut or
    /// deleted and the returned segment must only be read and disposed.</remarks>
    public static JournalSegment? Recover(string path, long expectedFirst, Action<long, StreamType, long, long, int>? onRecord, out string? damage, bool repair = true)
    {
        damage = null;
        var handle = repair
            ? File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read)
            : File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var fileLength = RandomAccess.GetLength(handle);
        long offset = 0;
        var local = expectedFirst - 1;
        Span<byte> header = stackalloc byte[JournalRecord.HeaderSize];
        var payload = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (offset < fileLength)
            {
                if (fileLength - offset < JournalRecord.HeaderSize || RandomAccess.Read(handle, header, offset) != JournalRecord.HeaderSize)
                {
                    damage = "a torn record header";
                    break;
                }

                var length = JournalRecord.Length(header);
                if (JournalRecord.Local(header) != local + 1 || length < 0 || length > FrameCodec.MaxPayloadLength
                    || fileLength - offset - JournalRecord.HeaderSize < length)
                {
                    damage = JournalRecord.Local(header) != local + 1 ? "a record out of sequence" : "a torn record";
                    break;
                }

                if (payload.Length < length)
                {
                    ArrayPool<byte>.Shared.Return(payload);
                    payload = ArrayPool<byte>.Shared.Rent(length);
                }

                ReadExactly(handle, payload.AsSpan(0, length), offset + JournalRecord.HeaderSize, path);
                if (!JournalRecord.Verify(header, payload.AsSpan(0, length)))
                {
                    damage = "a record whose checksum does not match";
                    break;
                }

                local++;
                onRecord?.Invoke(local, JournalRecord.Stream(header), JournalRecord.ExchangeTime(header), offset + JournalRecord.HeaderSize, length);
                offset += JournalRecord.HeaderSize + length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }

        if (offset < fileLength && repair)
        {
            RandomAccess.SetLength(handle, offset);
        }

        if (local < expectedFirst)
        {
            handle.Dispose();
            if (repair)
            {
                File.Delete(path);
            }

            return null;
        }

        return new JournalSegment(path, handle, expectedFirst, local, offset);
    }

    /// <summary>Appends frame <paramref name="local"/> (it must follow <see cref="LastLocal"/>).</summary>
    public void Append(long local, StreamType stream, long exchangeTimeMs, ReadOnlySpan<byte> payload)
    {
        if (local != LastLocal + 1)
        {
            throw new InvalidOperationException($"journal segment {Path} expects frame {LastLocal + 1}, got {local}");
        }

        Span<byte> header = stackalloc byte[JournalRecord.HeaderSize];
        JournalRecord.WriteHeader(header, local, stream, exchangeTimeMs, payload);
        RandomAccess.Write(_handle, header, Length);
        RandomAccess.Write(_handle, payload, Length + JournalRecord.HeaderSize);
        Length += JournalRecord.HeaderSize + payload.Length;
        LastLocal = local;
        Dirty = true;
    }

    /// <summary>Appends frame <paramref name="local"/> to <paramref name="batch"/> as a wire Data frame numbered <paramref name="sequenceBase"/> + local.</summary>
    public void CopyFrame(long local, ulong sequenceBase, IBufferWriter<byte> batch)
    {
        Seek(local);
        Span<byte> header = stackalloc byte[JournalRecord.HeaderSize];
        ReadExactly(_handle, header, _cursorOffset, Path);
        var length = JournalRecord.Length(header);
        var span = batch.GetSpan(FrameCodec.HeaderSize + length);
        FrameCodec.WriteHeader(span, FrameHeader.Data(JournalRecord.Stream(header), unchecked(sequenceBase + (ulong)local), JournalRecord.ExchangeTime(header), length));
        ReadExactly(_handle, span.Slice(FrameCodec.HeaderSize, length), _cursorOffset + JournalRecord.HeaderSize, Path);
        batch.Advance(FrameCodec.HeaderSize + length);
        _cursorOffset += JournalRecord.HeaderSize + length;
        _cursorLocal = local + 1;
    }

    /// <summary>Reads <paramref name="length"/> payload bytes at <paramref name="offset"/> (a record found by <see cref="Recover"/>).</summary>
    public byte[] ReadPayload(long offset, int length)
    {
        var bytes = new byte[length];
        ReadExactly(_handle, bytes, offset, Path);
        return bytes;
    }

    /// <summary>Makes the appended records durable (fsync).</summary>
    public void Sync()
    {
        if (Dirty)
        {
            RandomAccess.FlushToDisk(_handle);
            Dirty = false;
        }
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>Closes and deletes the file (every frame in it is acknowledged).</summary>
    public void Delete()
    {
        _handle.Dispose();
        File.Delete(Path);
    }

    private void Seek(long local)
    {
        if (!Contains(local))
        {
            throw new InvalidOperationException($"frame {local} is not in journal segment {Path} ({FirstLocal}..{LastLocal})");
        }

        if (local < _cursorLocal)
        {
            _cursorOffset = 0;
            _cursorLocal = FirstLocal;
        }

        Span<byte> header = stackalloc byte[JournalRecord.HeaderSize];
        while (_cursorLocal < local)
        {
            ReadExactly(_handle, header, _cursorOffset, Path);
            _cursorOffset += JournalRecord.HeaderSize + JournalRecord.Length(header);
            _cursorLocal++;
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset, string path)
    {
        while (!destination.IsEmpty)
        {
            var n = RandomAccess.Read(handle, destination, offset);
            if (n <= 0)
            {
                throw new IOException($"journal segment {path} ended early");
            }

            destination = destination[n..];
            offset += n;
        }
    }
}

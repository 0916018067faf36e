using System.Buffers;
using System.Buffers.Binary;
using Streamer.Core.Streams;

namespace Streamer.Pipes.Framing;

/// <summary>
/// Encodes and decodes the frames that processes exchange over named pipes.
/// </summary>
/// <remarks>
/// Wire format, protocol version <see cref="ProtocolVersion"/>. All integers little-endian.
/// <code>
/// | offset | size | field          | meaning                                                            |
/// |--------|------|----------------|--------------------------------------------------------------------|
/// | 0      | 4    | length         | u32: bytes that follow this field = 20 + payload length;           |
/// |        |      |                | at most MaxBodyLength, else the connection is closed               |
/// | 4      | 1    | kind           | FrameKind: 1 Hello, 2 HelloAck, 3 Data, 4 Ack, 5 Reject,           |
/// |        |      |                | 6 SnapshotRequest                                                  |
/// | 5      | 1    | streamType     | StreamType of a Data frame (1 aggtrade .. 9 events); 0 otherwise   |
/// | 6      | 2    | flags          | reserved, must be 0                                                |
/// | 8      | 8    | sequence       | u64. Data: the source's sequence number, 1, 2, 3, ... gapless.     |
/// |        |      |                | Ack/HelloAck: every Data frame up to here is durably written.      |
/// | 16     | 8    | exchangeTime   | i64 ms since epoch. Data: exchange time of its rows, which picks   |
/// |        |      |                | the UTC day file. 0 for other kinds.                               |
/// | 24     | n    | payload        | Data: complete UTF-8 CSV rows, each ending in '\n', all of one     |
/// |        |      |                | stream and one UTC day, columns exactly as the file's header.      |
/// |        |      |                | Hello: "key=value\n" lines (see Hello). Reject: reason text.       |
/// </code>
/// A connection starts with the client's Hello; the server answers HelloAck (or Reject and closes
/// when the protocol version differs). The client resends every Data frame with a sequence above the
/// HelloAck's, then streams new ones. Anything else (unknown kind, bad length, nonzero flags) is a
/// <see cref="FrameFormatException"/>: the reader closes that connection and logs why.
/// </remarks>
public static class FrameCodec
{
    /// <summary>Version announced in Hello; a server rejects a different one.</summary>
    public const int ProtocolVersion = 1;

    /// <summary>Bytes of the length prefix.</summary>
    public const int LengthPrefixSize = 4;

    /// <summary>Bytes of the header after the length prefix.</summary>
    public const int HeaderBodySize = 20;

    /// <summary>Total fixed bytes of a frame before its payload.</summary>
    public const int HeaderSize = LengthPrefixSize + HeaderBodySize;

    /// <summary>Largest payload accepted: a 1000-level snapshot is ~120 KB, so 4 MiB is generous yet bounded.</summary>
    public const int MaxPayloadLength = 4 * 1024 * 1024;

    /// <summary>Largest value of the length field.</summary>
    public const int MaxBodyLength = HeaderBodySize + MaxPayloadLength;

    /// <summary>Writes the header of a frame into <paramref name="destination"/> (at least <see cref="HeaderSize"/> bytes).</summary>
    public static void WriteHeader(Span<byte> destination, in FrameHeader header)
    {
        if ((uint)header.PayloadLength > MaxPayloadLength)
        {
            throw new ArgumentOutOfRangeException(nameof(header), header.PayloadLength, $"payload exceeds {MaxPayloadLength} bytes");
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)(HeaderBodySize + header.PayloadLength));
        destination[4] = (byte)header.Kind;
        destination[5] = (byte)header.StreamType;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], header.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], header.ExchangeTimeMs);
    }

    /// <summary>Appends one whole frame to <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, FrameKind kind, StreamType stream, ulong sequence, long exchangeTimeMs, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var header = new FrameHeader(kind, stream, sequence, exchangeTimeMs, payload.Length);
        var span = writer.GetSpan(HeaderSize + payload.Length);
        WriteHeader(span, header);
        payload.CopyTo(span[HeaderSize..]);
        writer.Advance(HeaderSize + payload.Length);
    }

    /// <summary>Appends a payload-less control frame (Ack, HelloAck without text).</summary>
    public static void WriteControl(IBufferWriter<byte> writer, FrameKind kind, ulong sequence) =>
        Write(writer, kind, StreamType.None, sequence, 0, []);

    /// <summary>
    /// Takes one complete frame off the front of <paramref name="buffer"/>. Returns false when more bytes
    /// are needed. The payload is a slice of the buffer: copy or consume it before advancing the reader.
    /// </summary>
    /// <exception cref="FrameFormatException">The bytes are not a valid frame.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out FrameHeader header, out ReadOnlySequence<byte> payload)
    {
        header = default;
        payload = default;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(head);
        var header0 = ParseHeader(head);
        long total = HeaderSize + header0.PayloadLength;
        if (buffer.Length < total)
        {
            return false;
        }

        header = header0;
        payload = buffer.Slice(HeaderSize, header0.PayloadLength);
        buffer = buffer.Slice(total);
        return true;
    }

    /// <summary>Validates and decodes the fixed header bytes.</summary>
    /// <exception cref="FrameFormatException">The header is malformed.</exception>
    public static FrameHeader ParseHeader(ReadOnlySpan<byte> head)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(head);
        if (length < HeaderBodySize || length > MaxBodyLength)
        {
            throw new FrameFormatException($"frame length {length} outside {HeaderBodySize}..{MaxBodyLength}");
        }

        var kind = (FrameKind)head[4];
        if (kind is < FrameKind.Hello or > FrameKind.SnapshotRequest)
        {
            throw new FrameFormatException($"unknown frame kind {head[4]}");
        }

        var stream = (StreamType)head[5];
        if (kind == FrameKind.Data && StreamCatalog.Get(stream) is null)
        {
            throw new FrameFormatException($"data frame with unknown stream type {head[5]}");
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(head[6..]) != 0)
        {
            throw new FrameFormatException("reserved flags are not zero");
        }

        return new FrameHeader(
            kind,
            stream,
            BinaryPrimitives.ReadUInt64LittleEndian(head[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(head[16..]),
            (int)(length - HeaderBodySize));
    }
}

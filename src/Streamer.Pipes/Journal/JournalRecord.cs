using System.Buffers.Binary;
using System.IO.Hashing;
using Streamer.Core.Streams;

namespace Streamer.Pipes.Journal;

/// <summary>
/// The on-disk form of one kept frame in a journal segment. Little-endian:
/// <code>
/// offset  size  field
///      0     8  local number (u64): the frame's place in its source's journal, 1, 2, 3, ... without gaps
///      8     1  stream type (u8, <see cref="StreamType"/>)
///      9     8  exchange time in ms (i64), as in the wire frame
///     17     4  payload length n (i32), at most FrameCodec.MaxPayloadLength
///     21     4  CRC-32 (IEEE) of bytes 0..20 and the payload
///     25     n  payload: the CSV rows, exactly as sent to the writer
/// </code>
/// The CRC tells a complete record from a torn one (a process killed mid-append) or from garbage after an
/// OS crash; recovery keeps the records up to the first that does not check out.
/// </summary>
internal static class JournalRecord
{
    public const int HeaderSize = 25;

    public static void WriteHeader(Span<byte> header, long local, StreamType stream, long exchangeTimeMs, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteInt64LittleEndian(header, local);
        header[8] = (byte)stream;
        BinaryPrimitives.WriteInt64LittleEndian(header[9..], exchangeTimeMs);
        BinaryPrimitives.WriteInt32LittleEndian(header[17..], payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[21..], Checksum(header[..21], payload));
    }

    public static long Local(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadInt64LittleEndian(header);

    public static StreamType Stream(ReadOnlySpan<byte> header) => (StreamType)header[8];

    public static long ExchangeTime(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadInt64LittleEndian(header[9..]);

    public static int Length(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadInt32LittleEndian(header[17..]);

    /// <summary>True when the CRC in <paramref name="header"/> matches its fields and <paramref name="payload"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload) =>
        BinaryPrimitives.ReadUInt32LittleEndian(header[21..]) == Checksum(header[..21], payload);

    private static uint Checksum(ReadOnlySpan<byte> fields, ReadOnlySpan<byte> payload)
    {
        var crc = new Crc32();
        crc.Append(fields);
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32();
    }
}

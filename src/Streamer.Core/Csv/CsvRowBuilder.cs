using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Streamer.Core.Csv;

/// <summary>
/// Builds UTF-8 CSV rows without allocating: exchange decimal strings are copied as raw bytes (never
/// through a float), integers are formatted in place. Used on the hot path instead of CsvHelper, which
/// formats objects through reflection-free but string-based writers (see bench/ for the comparison).
/// </summary>
public sealed class CsvRowBuilder
{
    private readonly ArrayBufferWriter<byte> _buffer;
    private bool _rowStarted;

    public CsvRowBuilder(int initialCapacity = 4096) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    /// <summary>Bytes written so far (complete rows plus any row in progress).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>Bytes written so far as memory.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;

    /// <summary>Number of bytes written.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>Forgets everything written, keeping the buffer.</summary>
    public void Clear()
    {
        _buffer.ResetWrittenCount();
        _rowStarted = false;
    }

    /// <summary>A field copied verbatim. The caller guarantees it holds no comma, quote or newline (exchange numbers and enums).</summary>
    public CsvRowBuilder Raw(ReadOnlySpan<byte> utf8)
    {
        Separator();
        _buffer.Write(utf8);
        return this;
    }

    /// <summary>An integer field.</summary>
    public CsvRowBuilder Long(long value)
    {
        Separator();
        var span = _buffer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var n);
        _buffer.Advance(n);
        return this;
    }

    /// <summary>A boolean field, <c>true</c>/<c>false</c>.</summary>
    public CsvRowBuilder Bool(bool value) => Raw(value ? "true"u8 : "false"u8);

    /// <summary>An empty field.</summary>
    public CsvRowBuilder Empty() => Raw([]);

    /// <summary>A free-text field, quoted per RFC 4180 when it holds a comma, quote or line break.</summary>
    public CsvRowBuilder Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Separator();
        var needsQuotes = value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        var text = needsQuotes ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
        var span = _buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _buffer.Advance(Encoding.UTF8.GetBytes(text, span));
        return this;
    }

    /// <summary>
    /// A whole row in one copy, for messages that write many rows differing in a few fields (depth levels):
    /// <paramref name="head"/> holds the leading fields with their trailing comma, formatted once per message,
    /// then three verbatim fields (as <see cref="Raw"/>), then <paramref name="tail"/>: a comma, the trailing
    /// fields and the newline. Must not be mixed into a row started with the field methods.
    /// </summary>
    public void Row(ReadOnlySpan<byte> head, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, ReadOnlySpan<byte> tail)
    {
        var length = head.Length + a.Length + 1 + b.Length + 1 + c.Length + tail.Length;
        var span = _buffer.GetSpan(length);
        head.CopyTo(span);
        var n = head.Length;
        a.CopyTo(span[n..]);
        n += a.Length;
        span[n++] = (byte)',';
        b.CopyTo(span[n..]);
        n += b.Length;
        span[n++] = (byte)',';
        c.CopyTo(span[n..]);
        n += c.Length;
        tail.CopyTo(span[n..]);
        _buffer.Advance(length);
        _rowStarted = false;
    }

    /// <summary>
    /// Formats integer fields into <paramref name="destination"/> for <see cref="Row"/>, each followed by a comma
    /// (a head) or each preceded by one and the last followed by a newline (a tail); returns the bytes written.
    /// <paramref name="destination"/> needs <see cref="MaxLongFieldBytes"/> per value.
    /// </summary>
    public static int FormatLongs(Span<byte> destination, ReadOnlySpan<long> values, bool tail)
    {
        var n = 0;
        foreach (var value in values)
        {
            if (tail)
            {
                destination[n++] = (byte)',';
            }

            Utf8Formatter.TryFormat(value, destination[n..], out var written);
            n += written;
            if (!tail)
            {
                destination[n++] = (byte)',';
            }
        }

        if (tail)
        {
            destination[n++] = (byte)'\n';
        }

        return n;
    }

    /// <summary>Room one <see cref="FormatLongs"/> value needs: 20 characters of <see cref="long.MinValue"/>, a comma, a newline.</summary>
    public const int MaxLongFieldBytes = 22;

    /// <summary>Ends the current row with <c>\n</c>.</summary>
    public void EndRow()
    {
        _buffer.Write("\n"u8);
        _rowStarted = false;
    }

    private void Separator()
    {
        if (_rowStarted)
        {
            _buffer.Write(","u8);
        }

        _rowStarted = true;
    }
}

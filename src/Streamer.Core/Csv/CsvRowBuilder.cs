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

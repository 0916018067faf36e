using System.Buffers.Text;

namespace Streamer.Simulator.Wire;

/// <summary>
/// A growable byte buffer that JSON payloads are formatted into directly (no serializer, no
/// reflection): the hot path formats each event once, into a buffer the engine reuses.
/// </summary>
internal sealed class PayloadWriter
{
    private byte[] _buffer;
    private int _position;

    public PayloadWriter(int capacity = 1024) => _buffer = new byte[capacity];

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _position);

    public int Length => _position;

    public void Reset() => _position = 0;

    public byte[] ToArray() => Written.ToArray();

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _position += bytes.Length;
    }

    public void Byte(byte value)
    {
        Reserve(1)[0] = value;
        _position++;
    }

    public void Int(long value)
    {
        Utf8Formatter.TryFormat(value, Reserve(24), out var n);
        _position += n;
    }

    public void Bool(bool value) => Raw(value ? "true"u8 : "false"u8);

    public void Fixed(long units, int decimals) => _position += FixedPoint.Write(Reserve(48), units, decimals);

    public void QuotedFixed(long units, int decimals)
    {
        Byte((byte)'"');
        Fixed(units, decimals);
        Byte((byte)'"');
    }

    public void QuotedFixed(Int128 units, int decimals)
    {
        Byte((byte)'"');
        _position += FixedPoint.Write(Reserve(64), units, decimals);
        Byte((byte)'"');
    }

    /// <summary>A JSON string; escapes what JSON requires (messages are ours, but stream names come from clients).</summary>
    public void QuotedString(string value)
    {
        Byte((byte)'"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    Raw("\\\""u8);
                    break;
                case '\\':
                    Raw("\\\\"u8);
                    break;
                case < ' ':
                    Raw("\\u00"u8);
                    Byte((byte)"0123456789abcdef"[c >> 4]);
                    Byte((byte)"0123456789abcdef"[c & 0xF]);
                    break;
                case < (char)0x80:
                    Byte((byte)c);
                    break;
                default:
                    var span = Reserve(4);
                    _position += System.Text.Encoding.UTF8.GetBytes([c], span);
                    break;
            }
        }

        Byte((byte)'"');
    }

    private Span<byte> Reserve(int count)
    {
        if (_position + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _position + count));
        }

        return _buffer.AsSpan(_position);
    }
}

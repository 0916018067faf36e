using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Streamer.Bybit;

/// <summary>JSON value kinds the Bybit parser distinguishes.</summary>
internal enum BybitValueKind : byte
{
    Absent = 0,
    String,
    /// <summary>A string with escape sequences: never a valid Bybit number, side or id.</summary>
    EscapedString,
    Number,
    True,
    False,
    Null,
    Object,
    Array,
}

/// <summary>
/// Where one value sits in the message: the content of a string (without quotes), the text of a number, or the whole
/// text of an object or array. Offsets into the message, never a copy.
/// </summary>
internal readonly record struct BybitValue(BybitValueKind Kind, int Start, int Length)
{
    public bool IsPresent => Kind != BybitValueKind.Absent;

    public ReadOnlySpan<byte> In(ReadOnlySpan<byte> message) => message.Slice(Start, Length);
}

/// <summary>Reads Bybit values with <see cref="Utf8JsonReader"/> and checks that text can be copied into a CSV field verbatim.</summary>
internal static class BybitJson
{
    /// <summary>The longest number or id accepted; real ones are under 40 characters.</summary>
    public const int MaxFieldLength = 64;

    private static readonly SearchValues<byte> DecimalChars = SearchValues.Create("0123456789.-+eE"u8);
    private static readonly SearchValues<byte> IdChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);

    /// <summary>
    /// The value the reader stands on, with offsets shifted by <paramref name="offset"/> (where the reader's buffer
    /// starts in the message). Objects and arrays are skipped over.
    /// </summary>
    public static BybitValue Read(ref Utf8JsonReader reader, int offset)
    {
        var start = offset + (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.String when reader.ValueIsEscaped:
                return new BybitValue(BybitValueKind.EscapedString, 0, 0);
            case JsonTokenType.String:
                return new BybitValue(BybitValueKind.String, start + 1, reader.ValueSpan.Length);
            case JsonTokenType.Number:
                return new BybitValue(BybitValueKind.Number, start, reader.ValueSpan.Length);
            case JsonTokenType.True:
                return new BybitValue(BybitValueKind.True, 0, 0);
            case JsonTokenType.False:
                return new BybitValue(BybitValueKind.False, 0, 0);
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                var kind = reader.TokenType == JsonTokenType.StartObject ? BybitValueKind.Object : BybitValueKind.Array;
                reader.Skip();
                return new BybitValue(kind, start, offset + (int)reader.BytesConsumed - start);
            default:
                return new BybitValue(BybitValueKind.Null, 0, 0);
        }
    }

    /// <summary>An integer sent as a JSON number or as a string of digits (Bybit sends both, e.g. REST <c>seq</c>).</summary>
    public static bool TryLong(ReadOnlySpan<byte> message, BybitValue value, out long result)
    {
        result = 0;
        return value.Kind is BybitValueKind.Number or BybitValueKind.String
            && value.Length is > 0 and <= 20
            && Utf8Parser.TryParse(value.In(message), out result, out var consumed) && consumed == value.Length;
    }

    /// <summary>A decimal string such as <c>"16578.50"</c>: digits, sign, point and exponent only.</summary>
    public static bool TryDecimal(ReadOnlySpan<byte> message, BybitValue value, out ReadOnlySpan<byte> text)
    {
        text = value.Kind == BybitValueKind.String ? value.In(message) : default;
        return value.Kind == BybitValueKind.String && IsDecimal(text);
    }

    /// <summary>A decimal copied as sent: a decimal string, an empty string (written empty) or a JSON number.</summary>
    public static bool TryDecimalOrEmpty(ReadOnlySpan<byte> message, BybitValue value, out ReadOnlySpan<byte> text)
    {
        text = value.Kind is BybitValueKind.String or BybitValueKind.Number ? value.In(message) : default;
        return value.Kind switch
        {
            BybitValueKind.String => text.IsEmpty || IsDecimal(text),
            BybitValueKind.Number => IsDecimal(text),
            _ => false,
        };
    }

    /// <summary>An id such as a trade's UUID <c>"2290d9b6-..."</c>: letters, digits, dashes and underscores.</summary>
    public static bool TryId(ReadOnlySpan<byte> message, BybitValue value, out ReadOnlySpan<byte> text)
    {
        text = value.Kind == BybitValueKind.String ? value.In(message) : default;
        return value.Kind == BybitValueKind.String && text.Length is > 0 and <= MaxFieldLength && !text.ContainsAnyExcept(IdChars);
    }

    /// <summary>A JSON boolean.</summary>
    public static bool TryBool(BybitValue value, out bool result)
    {
        result = value.Kind == BybitValueKind.True;
        return value.Kind is BybitValueKind.True or BybitValueKind.False;
    }

    /// <summary>True when a string value is exactly <paramref name="expected"/>.</summary>
    public static bool Is(ReadOnlySpan<byte> message, BybitValue value, ReadOnlySpan<byte> expected) =>
        value.Kind == BybitValueKind.String && value.In(message).SequenceEqual(expected);

    public static bool IsDecimal(ReadOnlySpan<byte> text) =>
        text.Length is > 0 and <= MaxFieldLength && !text.ContainsAnyExcept(DecimalChars);
}

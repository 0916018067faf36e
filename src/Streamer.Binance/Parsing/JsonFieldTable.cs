using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Streamer.Binance.Parsing;

/// <summary>Where one field's value sits in the message: offsets into the parsed span, never a copy.</summary>
internal readonly record struct JsonField(JsonFieldKind Kind, int Start, int Length)
{
    public bool IsPresent => Kind != JsonFieldKind.Absent;

    /// <summary>A validated list of price levels, of either kind.</summary>
    public bool IsLevelArray => Kind is JsonFieldKind.LevelArray or JsonFieldKind.PairLevelArray;
}

/// <summary>JSON value kinds the parser distinguishes.</summary>
internal enum JsonFieldKind : byte
{
    Absent = 0,
    String,
    /// <summary>A string with escape sequences: never a valid exchange number or enum.</summary>
    EscapedString,
    Number,
    True,
    False,
    Null,
    /// <summary>A validated list of [price, quantity] levels (depth <c>b</c>/<c>a</c>, snapshot bids/asks).</summary>
    LevelArray,
    /// <summary>A <see cref="LevelArray"/> whose every level is exactly <c>[price, quantity]</c> (what Binance sends): read by scanning quotes.</summary>
    PairLevelArray,
    /// <summary>Any other object or array, skipped.</summary>
    Other,
}

/// <summary>
/// The values of single-letter keys (and <c>pu</c>, <c>ap</c>) of an event and of its nested object
/// (<c>k</c> of a kline, <c>o</c> of a forceOrder), collected in one pass so that key order does not matter.
/// Binance event keys are single ASCII letters, which makes a fixed table on the stack possible.
/// </summary>
[InlineArray(Size)]
internal struct JsonFieldTable
{
    /// <summary>Slots per level: 'A'..'z' (58) plus <c>pu</c> and <c>ap</c>.</summary>
    public const int PerLevel = 60;

    public const int Size = PerLevel * 2;

    /// <summary>Slot of <c>pu</c> at level 0.</summary>
    public const int PuSlot = 58;

    /// <summary>Slot of <c>ap</c> at level 0 (add <see cref="PerLevel"/> for level 1).</summary>
    public const int ApSlot = 59;

    private JsonField _first;

    /// <summary>Slot of a key at a nesting level (0 = event, 1 = its nested object), or -1 for keys nobody reads.</summary>
    public static int Slot(ReadOnlySpan<byte> key, int level)
    {
        int slot;
        if (key.Length == 1 && key[0] >= 'A' && key[0] <= 'z')
        {
            slot = key[0] - 'A';
        }
        else if (key.SequenceEqual("pu"u8))
        {
            slot = PuSlot;
        }
        else if (key.SequenceEqual("ap"u8))
        {
            slot = ApSlot;
        }
        else
        {
            return -1;
        }

        return slot + (level * PerLevel);
    }

    /// <summary>Slot of a constant key, for lookups.</summary>
    public static int Slot(char key, int level = 0) => key - 'A' + (level * PerLevel);
}

/// <summary>Reads typed values out of a message through a <see cref="JsonFieldTable"/>.</summary>
internal readonly ref struct JsonFieldReader
{
    private readonly ReadOnlySpan<byte> _json;
    private readonly ref readonly JsonFieldTable _table;

    public JsonFieldReader(ReadOnlySpan<byte> json, ref readonly JsonFieldTable table)
    {
        _json = json;
        _table = ref table;
    }

    public JsonField this[int slot] => _table[slot];

    public ReadOnlySpan<byte> Bytes(JsonField field) => _json.Slice(field.Start, field.Length);

    /// <summary>An integer field (a JSON number without fraction).</summary>
    public bool TryLong(int slot, out long value)
    {
        value = 0;
        var f = _table[slot];
        return f.Kind == JsonFieldKind.Number
            && Utf8Parser.TryParse(Bytes(f), out value, out var consumed) && consumed == f.Length;
    }

    /// <summary>An exchange decimal string such as <c>"7.6110"</c>: digits, sign, point, exponent only.</summary>
    public bool TryDecimal(int slot, out ReadOnlySpan<byte> value)
    {
        var f = _table[slot];
        value = f.Kind == JsonFieldKind.String ? Bytes(f) : default;
        return f.Kind == JsonFieldKind.String && ExchangeText.IsDecimal(value);
    }

    /// <summary>An exchange enum string such as <c>"SELL"</c>: letters, digits and underscores only.</summary>
    public bool TryWord(int slot, out ReadOnlySpan<byte> value)
    {
        var f = _table[slot];
        value = f.Kind == JsonFieldKind.String ? Bytes(f) : default;
        return f.Kind == JsonFieldKind.String && ExchangeText.IsWord(value);
    }

    /// <summary>A JSON boolean.</summary>
    public bool TryBool(int slot, out bool value)
    {
        var kind = _table[slot].Kind;
        value = kind == JsonFieldKind.True;
        return kind is JsonFieldKind.True or JsonFieldKind.False;
    }

    /// <summary>The unescaped string bytes of a field, or empty.</summary>
    public ReadOnlySpan<byte> String(int slot)
    {
        var f = _table[slot];
        return f.Kind == JsonFieldKind.String ? Bytes(f) : default;
    }
}

/// <summary>Checks that exchange text can be copied into a CSV field verbatim.</summary>
internal static class ExchangeText
{
    private static readonly System.Buffers.SearchValues<byte> DecimalChars = System.Buffers.SearchValues.Create("0123456789.-+eE"u8);
    private static readonly System.Buffers.SearchValues<byte> WordChars = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"u8);

    /// <summary>The longest decimal string accepted; real ones are under 30 characters.</summary>
    public const int MaxDecimalLength = 64;

    public static bool IsDecimal(ReadOnlySpan<byte> text) =>
        text.Length is > 0 and <= MaxDecimalLength && !text.ContainsAnyExcept(DecimalChars);

    public static bool IsWord(ReadOnlySpan<byte> text) =>
        text.Length is > 0 and <= MaxDecimalLength && !text.ContainsAnyExcept(WordChars);

    /// <summary>Reads a token's value position: offsets of the unescaped content of strings and numbers.</summary>
    public static JsonField FieldOf(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String when reader.ValueIsEscaped => new JsonField(JsonFieldKind.EscapedString, 0, 0),
        JsonTokenType.String => new JsonField(JsonFieldKind.String, (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length),
        JsonTokenType.Number => new JsonField(JsonFieldKind.Number, (int)reader.TokenStartIndex, reader.ValueSpan.Length),
        JsonTokenType.True => new JsonField(JsonFieldKind.True, 0, 0),
        JsonTokenType.False => new JsonField(JsonFieldKind.False, 0, 0),
        JsonTokenType.Null => new JsonField(JsonFieldKind.Null, 0, 0),
        _ => new JsonField(JsonFieldKind.Other, 0, 0),
    };
}

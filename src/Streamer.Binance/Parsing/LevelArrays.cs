using System.Text.Json;

namespace Streamer.Binance.Parsing;

/// <summary>
/// Lists of price levels, <c>[["price","qty"], ...]</c>, as in depth updates (<c>b</c>, <c>a</c>) and REST
/// snapshots (<c>bids</c>, <c>asks</c>). A list is validated completely before any row is written, so a bad
/// level at the end never leaves half a message in the output.
/// </summary>
internal static class LevelArrays
{
    /// <summary>More levels than any real message holds (REST snapshots stop at 1000, first depth events at ~1300).</summary>
    public const int MaxLevels = 20_000;

    /// <summary>
    /// Walks the array the reader stands on (StartArray) to its end, checking every level.
    /// Returns null and the array's byte range when it is valid, otherwise the reason.
    /// </summary>
    public static string? Validate(ref Utf8JsonReader reader, out JsonField field)
    {
        var start = (int)reader.TokenStartIndex;
        field = default;
        var levels = 0;
        var pairsOnly = true;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                var kind = pairsOnly ? JsonFieldKind.PairLevelArray : JsonFieldKind.LevelArray;
                field = new JsonField(kind, start, (int)reader.BytesConsumed - start);
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return "a price level is not a [price, quantity] list";
            }

            if (++levels > MaxLevels)
            {
                return "more price levels than any real message has";
            }

            if (!ReadDecimal(ref reader) || !ReadDecimal(ref reader))
            {
                return "a price level does not start with two decimal strings";
            }

            // Tolerate extra elements a later API version might add to a level.
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                reader.Skip();
                pairsOnly = false;
            }
        }

        return "unterminated level list";
    }

    private static bool ReadDecimal(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && ExchangeText.IsDecimal(reader.ValueSpan);
}

/// <summary>Iterates the levels of a list already checked by <see cref="LevelArrays.Validate"/>.</summary>
/// <remarks>
/// When every level is exactly two strings (<see cref="JsonFieldKind.PairLevelArray"/>), the four quotes of a level
/// delimit its price and quantity: validation proved they hold no escapes, so finding quotes (vectorised) is
/// exact, whatever the whitespace, and costs a fraction of a second JSON pass. Other lists take the reader.
/// </remarks>
internal ref struct LevelCursor
{
    private readonly bool _pairsOnly;
    private ReadOnlySpan<byte> _rest;
    private Utf8JsonReader _reader;

    public LevelCursor(JsonField field, ReadOnlySpan<byte> validatedArray)
    {
        _pairsOnly = field.Kind == JsonFieldKind.PairLevelArray;
        _rest = validatedArray;
        if (!_pairsOnly)
        {
            _reader = new Utf8JsonReader(validatedArray);
            _reader.Read(); // StartArray of the list.
        }
    }

    /// <summary>Moves to the next level; false at the end of the list.</summary>
    public bool Next(out ReadOnlySpan<byte> price, out ReadOnlySpan<byte> quantity)
    {
        if (_pairsOnly)
        {
            return NextPair(out price, out quantity);
        }

        price = default;
        quantity = default;
        if (!_reader.Read() || _reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        _reader.Read();
        price = _reader.ValueSpan;
        _reader.Read();
        quantity = _reader.ValueSpan;
        while (_reader.Read() && _reader.TokenType != JsonTokenType.EndArray)
        {
            _reader.Skip();
        }

        return true;
    }

    private bool NextPair(out ReadOnlySpan<byte> price, out ReadOnlySpan<byte> quantity)
    {
        price = NextString();
        if (price.IsEmpty)
        {
            // No more quotes (a validated price is never empty).
            quantity = default;
            return false;
        }

        quantity = NextString();
        return true;
    }

    /// <summary>The content of the next quoted string; empty at the end of the list.</summary>
    private ReadOnlySpan<byte> NextString()
    {
        var open = _rest.IndexOf((byte)'"');
        if (open < 0)
        {
            _rest = default;
            return default;
        }

        var afterOpen = _rest[(open + 1)..];
        var close = afterOpen.IndexOf((byte)'"');
        var value = afterOpen[..close];
        _rest = afterOpen[(close + 1)..];
        return value;
    }
}

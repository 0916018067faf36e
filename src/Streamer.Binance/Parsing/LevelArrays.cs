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
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                field = new JsonField(JsonFieldKind.LevelArray, start, (int)reader.BytesConsumed - start);
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
            }
        }

        return "unterminated level list";
    }

    private static bool ReadDecimal(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && ExchangeText.IsDecimal(reader.ValueSpan);
}

/// <summary>Iterates the levels of a list already checked by <see cref="LevelArrays.Validate"/>.</summary>
internal ref struct LevelCursor
{
    private Utf8JsonReader _reader;

    public LevelCursor(ReadOnlySpan<byte> validatedArray)
    {
        _reader = new Utf8JsonReader(validatedArray);
        _reader.Read(); // StartArray of the list.
    }

    /// <summary>Moves to the next level; false at the end of the list.</summary>
    public bool Next(out ReadOnlySpan<byte> price, out ReadOnlySpan<byte> quantity)
    {
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
}

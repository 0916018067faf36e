using System.Text.Json;

namespace Streamer.Bybit;

/// <summary>Reads a <c>data</c> list of objects (trades, candles, liquidations) into reusable field tables, before any row is written.</summary>
public sealed partial class BybitMessageParser
{
    /// <summary>More elements than any real message holds (a publicTrade message carries at most a few hundred).</summary>
    private const int MaxElements = 20_000;

    /// <summary>Stores one member of an element; unknown keys are ignored.</summary>
    private delegate void MemberReader<T>(ref T fields, ReadOnlySpan<byte> key, BybitValue value);

    /// <summary>
    /// Fills <paramref name="into"/> with one entry per object of the list <paramref name="list"/>; returns null, or why
    /// the list is unusable. Offsets stay those of the whole message.
    /// </summary>
    private static string? ReadObjects<T>(ReadOnlySpan<byte> message, BybitValue list, List<T> into, MemberReader<T> member)
        where T : struct
    {
        into.Clear();
        if (list.Kind != BybitValueKind.Array)
        {
            return "data is not a list";
        }

        var reader = new Utf8JsonReader(list.In(message));
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (into.Count == MaxElements)
            {
                return "more elements than any real message has";
            }

            var fields = default(T);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.ValueIsEscaped ? default : reader.ValueSpan;
                reader.Read();
                member(ref fields, key, BybitJson.Read(ref reader, list.Start));
            }

            into.Add(fields);
        }

        if (reader.TokenType != JsonTokenType.EndArray)
        {
            return "data holds something other than objects";
        }

        return into.Count == 0 ? "data is empty" : null;
    }
}

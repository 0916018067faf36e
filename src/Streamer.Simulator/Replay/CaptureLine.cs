using System.Text.Json;

namespace Streamer.Simulator.Replay;

/// <summary>
/// What a capture line is: a combined-stream envelope (stream name and where its data object sits)
/// or the bare REST snapshot, recognized by its first key <c>lastUpdateId</c>.
/// </summary>
internal readonly record struct CaptureLine(bool IsSnapshot, string? Stream, int DataOffset, int DataLength)
{
    public static CaptureLine? Classify(byte[] json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? stream = null;
            int offset = -1, length = 0;
            var first = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (first && reader.ValueTextEquals("lastUpdateId"u8))
                {
                    return new CaptureLine(true, null, 0, 0);
                }

                first = false;
                if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    stream = reader.GetString();
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    offset = (int)reader.TokenStartIndex;
                    reader.Skip();
                    length = (int)reader.BytesConsumed - offset;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return stream is not null && offset >= 0 ? new CaptureLine(false, stream, offset, length) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

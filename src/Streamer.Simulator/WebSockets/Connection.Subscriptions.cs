using System.Text.Json;
using Streamer.Simulator.Wire;

namespace Streamer.Simulator.WebSockets;

/// <summary>
/// The live subscription protocol, with Binance's request and response shapes:
/// <c>{"method":"SUBSCRIBE","params":["btcusdt@aggTrade"],"id":1}</c> → <c>{"result":null,"id":1}</c>;
/// errors → <c>{"error":{"code":2,"msg":"..."},"id":1}</c>.
/// </summary>
internal sealed partial class Connection
{
    private readonly object _subscriptionsGate = new();
    private readonly List<string> _names = [];
    private readonly Dictionary<string, StreamChannel?> _subscriptions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when on <paramref name="route"/> (any if null) and subscribed to a stream of <paramref name="symbol"/> (any if null).</summary>
    public bool Matches(Route? route, string? symbol)
    {
        if (route is { } r && r != Route)
        {
            return false;
        }

        if (symbol is null)
        {
            return true;
        }

        lock (_subscriptionsGate)
        {
            return _names.Any(n => string.Equals(StreamNames.SymbolOf(n), symbol, StringComparison.OrdinalIgnoreCase));
        }
    }

    public void DetachAll()
    {
        lock (_subscriptionsGate)
        {
            foreach (var channel in _subscriptions.Values)
            {
                channel?.Remove(this);
            }

            _subscriptions.Clear();
            _names.Clear();
        }
    }

    private void Subscribe(IEnumerable<string> names)
    {
        var attached = false;
        lock (_subscriptionsGate)
        {
            foreach (var raw in names)
            {
                var name = StreamNames.Normalize(raw);
                if (name.Length == 0 || _subscriptions.ContainsKey(name))
                {
                    continue;
                }

                var channel = _hub.Streams.Resolve(Route, name);
                _subscriptions[name] = channel;
                _names.Add(name);
                if (channel is not null)
                {
                    channel.Add(this);
                    attached = true;
                }
            }
        }

        if (attached)
        {
            _hub.Streams.NotifyAttached();
        }
    }

    private void Unsubscribe(IEnumerable<string> names)
    {
        lock (_subscriptionsGate)
        {
            foreach (var raw in names)
            {
                var name = StreamNames.Normalize(raw);
                if (_subscriptions.Remove(name, out var channel))
                {
                    channel?.Remove(this);
                    _names.RemoveAll(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
                }
            }
        }
    }

    private int CountNew(IReadOnlyList<string> names)
    {
        lock (_subscriptionsGate)
        {
            return names.Select(StreamNames.Normalize).Distinct(StringComparer.OrdinalIgnoreCase).Count(n => !_subscriptions.ContainsKey(n));
        }
    }

    private int SubscriptionCount
    {
        get
        {
            lock (_subscriptionsGate)
            {
                return _names.Count;
            }
        }
    }

    private void HandleRequest(ReadOnlySpan<byte> message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.ToArray());
        }
        catch (JsonException e)
        {
            Respond(ErrorResponse(3, $"Invalid JSON: {e.Message}", null));
            return;
        }

        using (document)
        {
            Respond(Answer(document.RootElement));
        }
    }

    private byte[] Answer(JsonElement request)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            return ErrorResponse(3, "Invalid JSON: expected an object", null);
        }

        string? id = null;
        if (request.TryGetProperty("id", out var idElement))
        {
            if (idElement.ValueKind is not (JsonValueKind.Number or JsonValueKind.String or JsonValueKind.Null))
            {
                return ErrorResponse(2, "Invalid request: request ID must be an unsigned integer", null);
            }

            id = idElement.GetRawText();
        }

        if (!request.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String)
        {
            return ErrorResponse(2, "Invalid request: missing field `method`", id);
        }

        var method = methodElement.GetString();
        request.TryGetProperty("params", out var parameters);
        switch (method)
        {
            case "SUBSCRIBE":
            case "UNSUBSCRIBE":
                if (!TryReadNames(parameters, out var names))
                {
                    return ErrorResponse(1, "Invalid value type: expected an array of stream names", id);
                }

                if (method == "UNSUBSCRIBE")
                {
                    Unsubscribe(names);
                    return ResultNull(id);
                }

                var limit = Rules.MaxStreams;
                if (SubscriptionCount + CountNew(names) > limit)
                {
                    return ErrorResponse(2, $"Invalid request: too many streams, a connection may subscribe to at most {limit}", id);
                }

                Subscribe(names);
                return ResultNull(id);

            case "LIST_SUBSCRIPTIONS":
                return ListResponse(id);

            case "SET_PROPERTY":
                if (parameters.ValueKind == JsonValueKind.Array && parameters.GetArrayLength() == 2 &&
                    parameters[0].ValueKind == JsonValueKind.String && parameters[0].GetString() == "combined" &&
                    parameters[1].ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    _combined = parameters[1].GetBoolean();
                    return ResultNull(id);
                }

                return ErrorResponse(2, "Invalid request: unknown property", id);

            case "GET_PROPERTY":
                if (parameters.ValueKind == JsonValueKind.Array && parameters.GetArrayLength() == 1 &&
                    parameters[0].ValueKind == JsonValueKind.String && parameters[0].GetString() == "combined")
                {
                    var writer = new PayloadWriter(64);
                    writer.Raw("{\"result\":"u8);
                    writer.Bool(_combined);
                    WriteId(writer, id);
                    return writer.ToArray();
                }

                return ErrorResponse(2, "Invalid request: unknown property", id);

            default:
                return ErrorResponse(
                    2,
                    $"Invalid request: unknown variant `{method}`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`",
                    id);
        }
    }

    private static bool TryReadNames(JsonElement parameters, out List<string> names)
    {
        names = [];
        if (parameters.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in parameters.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            names.Add(item.GetString()!);
        }

        return true;
    }

    private void Respond(byte[] response) => TryEnqueue(OutFrame.Whole(response));

    private byte[] ListResponse(string? id)
    {
        var writer = new PayloadWriter(256);
        writer.Raw("{\"result\":["u8);
        lock (_subscriptionsGate)
        {
            for (var i = 0; i < _names.Count; i++)
            {
                if (i > 0)
                {
                    writer.Byte((byte)',');
                }

                writer.QuotedString(_names[i]);
            }
        }

        writer.Byte((byte)']');
        WriteId(writer, id);
        return writer.ToArray();
    }

    private static byte[] ResultNull(string? id)
    {
        var writer = new PayloadWriter(48);
        writer.Raw("{\"result\":null"u8);
        WriteId(writer, id);
        return writer.ToArray();
    }

    private static byte[] ErrorResponse(int code, string message, string? id)
    {
        var writer = new PayloadWriter(128);
        writer.Raw("{\"error\":{\"code\":"u8);
        writer.Int(code);
        writer.Raw(",\"msg\":"u8);
        writer.QuotedString(message);
        writer.Byte((byte)'}');
        WriteId(writer, id);
        return writer.ToArray();
    }

    private static void WriteId(PayloadWriter writer, string? id)
    {
        writer.Raw(",\"id\":"u8);
        writer.Raw(System.Text.Encoding.UTF8.GetBytes(id ?? "null"));
        writer.Byte((byte)'}');
    }
}

using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Streamer.Simulator.Tests.Support;

/// <summary>A ClientWebSocket that keeps reading in the background and records every text message.</summary>
internal sealed class TestClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly List<string> _messages = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private TestClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public bool Ended { get; private set; }

    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public string? CloseDescription { get; private set; }

    public Exception? Error { get; private set; }

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_messages)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>Connects; with <paramref name="read"/> false nothing is ever received (so pings go unanswered).</summary>
    public static async Task<TestClient> ConnectAsync(Uri uri, bool read = true)
    {
        var socket = new ClientWebSocket();
        // The client must not send its own unsolicited pongs: the server's keep-alive is under test.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(uri, CancellationToken.None);
        var client = new TestClient(socket);
        if (read)
        {
            client._loop = Task.Run(client.ReceiveLoopAsync);
        }

        return client;
    }

    public static Uri Url(Uri routeBase, string suffix) => new(routeBase + suffix);

    public Task SendAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Messages that parse as JSON objects with "e" == <paramref name="eventType"/> (raw or inside "data").</summary>
    public List<JsonElement> Events(string eventType) => Messages.Select(Parse).OfType<JsonElement>()
        .Select(m => m.TryGetProperty("data", out var data) ? data : m)
        .Where(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("e", out var e) && e.GetString() == eventType)
        .ToList();

    public async Task<string> WaitForAsync(Func<string, bool> match, string what, TimeSpan? timeout = null)
    {
        string? found = null;
        await Eventually.WaitAsync(() => (found = Messages.FirstOrDefault(match)) is not null, what, timeout);
        return found!;
    }

    public Task WaitForCountAsync(int count, string what, TimeSpan? timeout = null) =>
        Eventually.WaitAsync(() => Count >= count, $"{count} messages: {what}", timeout);

    public Task WaitForEventsAsync(string eventType, int count, TimeSpan? timeout = null) =>
        Eventually.WaitAsync(() => Events(eventType).Count >= count, $"{count} {eventType} events", timeout);

    public Task WaitEndedAsync(string what, TimeSpan? timeout = null) => Eventually.WaitAsync(() => Ended, what, timeout);

    public async Task<string> ReceiveOneAsync()
    {
        var buffer = new byte[1 << 16];
        var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    public static JsonElement? Parse(string message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    CloseDescription = result.CloseStatusDescription;
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                    message.SetLength(0);
                    lock (_messages)
                    {
                        _messages.Add(text);
                    }
                }
            }
        }
        catch (Exception e)
        {
            Error = e;
        }
        finally
        {
            Ended = true;
        }
    }
}

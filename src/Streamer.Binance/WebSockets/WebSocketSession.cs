using System.Buffers;
using System.Net.WebSockets;

namespace Streamer.Binance.WebSockets;

/// <summary>How a received message should be treated.</summary>
public enum ReceivedKind
{
    /// <summary>A complete text or binary message.</summary>
    Message,
    /// <summary>A message larger than the limit; its bytes were discarded.</summary>
    Oversized,
}

/// <summary>
/// One WebSocket connection: connect with a timeout, then a receive loop over a single reused buffer that
/// grows to fit the largest message seen (depth events of 1000+ levels arrive as one message). Server pings
/// are answered by the platform's WebSocket implementation; the client also sends its own pings and gives
/// the connection up when no pong arrives within the keep-alive timeout, which catches half-open TCP.
/// </summary>
public sealed class WebSocketSession : IDisposable
{
    private const int InitialBuffer = 64 * 1024;

    private readonly ClientWebSocket _socket;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);

    private WebSocketSession(ClientWebSocket socket, Uri uri)
    {
        _socket = socket;
        Uri = uri;
    }

    /// <summary>The URL connected to.</summary>
    public Uri Uri { get; }

    /// <summary>Connects to <paramref name="uri"/>, giving up after <paramref name="connectTimeout"/>.</summary>
    /// <param name="uri">ws:// or wss:// URL.</param>
    /// <param name="connectTimeout">Time allowed for TCP, TLS and the upgrade.</param>
    /// <param name="keepAlive">Interval of the client's own pings.</param>
    /// <param name="keepAliveTimeout">The connection is aborted when a ping gets no pong in this time.</param>
    /// <param name="ct">Cancels the attempt.</param>
    public static async Task<WebSocketSession> ConnectAsync(Uri uri, TimeSpan connectTimeout, TimeSpan keepAlive, TimeSpan keepAliveTimeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = keepAlive;
        socket.Options.KeepAliveTimeout = keepAliveTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(connectTimeout);
        try
        {
            await socket.ConnectAsync(uri, timeout.Token).ConfigureAwait(false);
            return new WebSocketSession(socket, uri);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"connecting to {uri} took longer than {connectTimeout.TotalSeconds:0.#}s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Receives messages until the server closes the connection, it fails, or <paramref name="ct"/> is
    /// cancelled. <paramref name="onMessage"/> gets each complete message; the memory is reused afterwards.
    /// Returns why the loop ended (close status and description, or the error).
    /// </summary>
    public async Task<string> ReceiveAsync(Func<ReadOnlyMemory<byte>, ReceivedKind, ValueTask> onMessage, int maxMessageBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        var filled = 0;
        var oversized = false;
        try
        {
            while (true)
            {
                if (filled == _buffer.Length)
                {
                    if (_buffer.Length >= maxMessageBytes)
                    {
                        // Keep the stream in step by reading the message to its end, then report it.
                        oversized = true;
                        filled = 0;
                    }
                    else
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(maxMessageBytes, _buffer.Length * 2));
                        _buffer.AsSpan(0, filled).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(_buffer);
                        _buffer = bigger;
                    }
                }

                var result = await _socket.ReceiveAsync(_buffer.AsMemory(filled), ct).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return FormattableString.Invariant($"server closed the connection ({_socket.CloseStatus}: {_socket.CloseStatusDescription})");
                }

                filled += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (oversized)
                {
                    await onMessage(ReadOnlyMemory<byte>.Empty, ReceivedKind.Oversized).ConfigureAwait(false);
                }
                else
                {
                    await onMessage(_buffer.AsMemory(0, filled), ReceivedKind.Message).ConfigureAwait(false);
                }

                filled = 0;
                oversized = false;
            }
        }
        catch (WebSocketException e)
        {
            return "connection failed: " + e.Message;
        }
        catch (IOException e)
        {
            return "connection failed: " + e.Message;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Abort() from another thread (watchdog, rollover) surfaces as a cancellation...
            return "connection aborted";
        }
        catch (ObjectDisposedException)
        {
            // ...or, when it came between two receives, as a disposed socket (ClientWebSocket.Abort disposes).
            return "connection aborted";
        }
    }

    /// <summary>Ends the connection at once (no close handshake: the peer may be gone).</summary>
    public void Abort() => _socket.Abort();

    /// <summary>Tries a polite close, bounded by <paramref name="timeout"/>, then aborts.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection is going away anyway.
        }
        finally
        {
            _socket.Abort();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _socket.Dispose();
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

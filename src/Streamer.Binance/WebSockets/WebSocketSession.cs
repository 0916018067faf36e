using System.Net.WebSockets;
using Microsoft.IO;
using Websocket.Client;

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
/// One WebSocket connection, run by Websocket.Client with its own reconnection switched off: reconnect
/// backoff, the silence watchdog and the overlap handover at the 24 h rollover belong to
/// <see cref="RouteConnection"/>, which needs to know exactly when a connection ends and why. Server pings are
/// answered by the platform's WebSocket; the client also sends its own pings and gives the connection up when
/// no pong arrives within the keep-alive timeout, which catches half-open TCP.
/// </summary>
/// <remarks>
/// Messages arrive as pooled streams (text conversion and automatic disposal are off), so a message costs no
/// string and no array: the handler reads the stream's buffer in place and the stream returns to the pool.
/// Websocket.Client delivers each message synchronously on its receive loop, one at a time and in order. The
/// handler's task is waited for there: while a message is being handled nothing more is read, so the socket
/// holds what arrives meanwhile (backpressure, as a receive loop of our own had it). Messages that arrive
/// before <see cref="ReceiveAsync"/> installs the handler are queued (still pooled) and handed on first: the
/// library runs its receive loop inline in <c>StartOrFail</c>, so waiting there for a handler would deadlock
/// the connect.
/// </remarks>
public sealed class WebSocketSession : IDisposable
{
    private static readonly RecyclableMemoryStreamManager Streams = new();

    private readonly WebsocketClient _client;
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _handling = new();
    private readonly Queue<MemoryStream> _early = new();
    private readonly IDisposable _messages;
    private readonly IDisposable _disconnections;
    private readonly CancellationTokenSource _stopPinging = new();
    private Func<ReadOnlyMemory<byte>, ReceivedKind, ValueTask>? _onMessage;
    private int _maxMessageBytes = int.MaxValue;
    private volatile bool _aborted;

    private WebSocketSession(WebsocketClient client, Uri uri)
    {
        _client = client;
        Uri = uri;
        _messages = client.MessageReceived.Subscribe(new Observer<ResponseMessage>(OnMessage));
        _disconnections = client.DisconnectionHappened.Subscribe(new Observer<DisconnectionInfo>(OnDisconnected));
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
        var client = new WebsocketClient(uri, () => new ClientWebSocket
        {
            Options = { KeepAliveInterval = keepAlive, KeepAliveTimeout = keepAliveTimeout },
        }, Streams)
        {
            IsReconnectionEnabled = false,
            ReconnectTimeout = null,
            ErrorReconnectTimeout = null,
            LostReconnectTimeout = null,
            IsTextMessageConversionEnabled = false,
            IsStreamDisposedAutomatically = false,
            ConnectTimeout = connectTimeout,
        };
        var session = new WebSocketSession(client, uri);
        try
        {
            await client.StartOrFail().WaitAsync(connectTimeout + TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            return session;
        }
        catch (TimeoutException)
        {
            session.Dispose();
            throw new TimeoutException($"connecting to {uri} took longer than {connectTimeout.TotalSeconds:0.#}s");
        }
        catch (Websocket.Client.Exceptions.WebsocketException e) when (!ct.IsCancellationRequested)
        {
            session.Dispose();
            throw new WebSocketException(e.InnerException?.Message ?? e.Message, e);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Receives messages until the server closes the connection, it fails, or <paramref name="ct"/> is
    /// cancelled. <paramref name="onMessage"/> gets each complete message; the memory is reused afterwards.
    /// Returns why the loop ended (close status and description, or the error); an exception thrown by
    /// <paramref name="onMessage"/> ends it and is rethrown here.
    /// </summary>
    public async Task<string> ReceiveAsync(Func<ReadOnlyMemory<byte>, ReceivedKind, ValueTask> onMessage, int maxMessageBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        lock (_handling)
        {
            _maxMessageBytes = maxMessageBytes;
            _onMessage = onMessage;
            while (_early.TryDequeue(out var early))
            {
                using (early)
                {
                    Handle(onMessage, early);
                }
            }
        }

        try
        {
            return await _ended.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            // Nothing is handed on once the receiver stopped (the socket is aborted or closed next).
            _ended.TrySetResult("stopping");
            lock (_handling)
            {
                _onMessage = null;
            }
        }
    }

    /// <summary>
    /// Queues a text message (Websocket.Client's send queue sends one message at a time, in order, so pings and
    /// subscriptions never overlap on the socket). False when the connection cannot send any more.
    /// </summary>
    public bool Send(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_ended.Task.IsCompleted)
        {
            return false;
        }

        try
        {
            return _client.Send(text);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sends <paramref name="text"/> every <paramref name="interval"/> until the connection ends: an application-level
    /// ping for exchanges that drop connections that send nothing (Bybit's <c>{"op":"ping"}</c>).
    /// </summary>
    public void StartPinging(string text, TimeSpan interval, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _ = PingAsync(text, interval, time, _stopPinging.Token);
    }

    private async Task PingAsync(string text, TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false) && Send(text))
            {
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended.
        }
    }

    private void StopPinging()
    {
        try
        {
            _stopPinging.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed already: nothing pings.
        }
    }

    /// <summary>Ends the connection at once (no close handshake: the peer may be gone).</summary>
    public void Abort()
    {
        _aborted = true;
        StopPinging();
        try
        {
            _client.NativeClient?.Abort();
        }
        catch (ObjectDisposedException)
        {
            // Gone already.
        }

        _ended.TrySetResult("connection aborted");
    }

    /// <summary>Tries a polite close, bounded by <paramref name="timeout"/>, then aborts.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        _aborted = true;
        try
        {
            if (_client.IsRunning)
            {
                await _client.Stop(WebSocketCloseStatus.NormalClosure, "bye").WaitAsync(timeout).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException or IOException or ObjectDisposedException)
        {
            // The connection is going away anyway.
        }
        finally
        {
            Abort();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _aborted = true;
        _ended.TrySetResult("connection aborted");
        StopPinging();
        _stopPinging.Dispose();
        _messages.Dispose();
        _disconnections.Dispose();
        _client.Dispose();
        lock (_handling)
        {
            while (_early.TryDequeue(out var early))
            {
                early.Dispose();
            }
        }
    }

    private void OnMessage(ResponseMessage message)
    {
        var stream = message.Stream;
        if (stream is null || message.MessageType == WebSocketMessageType.Close)
        {
            stream?.Dispose();
            return;
        }

        lock (_handling)
        {
            if (_onMessage is not { } handler)
            {
                if (_ended.Task.IsCompleted)
                {
                    stream.Dispose(); // the receiver stopped: nothing is handed on
                }
                else
                {
                    _early.Enqueue(stream); // before ReceiveAsync: handed on first when it starts
                }

                return;
            }

            using (stream)
            {
                Handle(handler, stream);
            }
        }
    }

    private void Handle(Func<ReadOnlyMemory<byte>, ReceivedKind, ValueTask> handler, MemoryStream stream)
    {
        if (_ended.Task.IsCompleted)
        {
            return;
        }

        try
        {
            var handled = stream.Length > _maxMessageBytes
                ? handler(ReadOnlyMemory<byte>.Empty, ReceivedKind.Oversized)
                : handler(Contents(stream), ReceivedKind.Message);
            if (!handled.IsCompletedSuccessfully)
            {
                handled.AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _ended.TrySetException(e);
            Abort();
        }
    }

    private static ReadOnlyMemory<byte> Contents(MemoryStream stream) =>
        stream is RecyclableMemoryStream pooled && pooled.Length <= int.MaxValue
            ? pooled.GetBuffer().AsMemory(0, (int)pooled.Length)
            : stream.ToArray();

    private void OnDisconnected(DisconnectionInfo info)
    {
        var reason = _aborted
            ? "connection aborted"
            : info.Type == DisconnectionType.ByServer
                ? FormattableString.Invariant($"server closed the connection ({info.CloseStatus}: {info.CloseStatusDescription})")
                : "connection failed: " + (info.Exception?.Message ?? info.Type.ToString());
        _ended.TrySetResult(reason);
        StopPinging();
    }

    /// <summary>A minimal observer (System.Reactive's extension methods are not needed for two subscriptions).</summary>
    private sealed class Observer<T>(Action<T> onNext) : IObserver<T>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(T value) => onNext(value);
    }
}

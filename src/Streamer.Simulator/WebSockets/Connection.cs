using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Streamer.Simulator.WebSockets;

/// <summary>
/// One client WebSocket: a bounded send queue drained by one writer (a client that cannot keep up
/// is disconnected, as Binance does), a reader that answers the subscription protocol, and the
/// faults tests can inflict on it. Split by concern into partial files.
/// </summary>
internal sealed partial class Connection : IDisposable
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly ConnectionHub _hub;
    private readonly HttpContext _http;
    private readonly WebSocket _socket;
    private readonly Channel<OutFrame> _queue;
    private readonly CancellationTokenSource _abort = new();
    private readonly IncomingRateLimiter _incoming;
    private long _stallUntil;
    private volatile bool _combined;
    private int _closing;
    private WebSocketCloseStatus _closeStatus;
    private string? _closeDescription;

    public Connection(ConnectionHub hub, HttpContext http, WebSocket socket, Route route, bool combined)
    {
        _hub = hub;
        _http = http;
        _socket = socket;
        Route = route;
        _combined = combined;
        Id = hub.NextId();
        Rules = ConnectionRules.For(route, hub.Options);
        _incoming = new IncomingRateLimiter(Rules.MaxIncomingMessagesPerSecond);
        _queue = Channel.CreateBounded<OutFrame>(new BoundedChannelOptions(hub.Options.SendQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public long Id { get; }

    public Route Route { get; }

    /// <summary>Ping, pong, lifetime and message limits of this connection's route.</summary>
    public ConnectionRules Rules { get; }

    private bool IsStalled => Stopwatch.GetTimestamp() < Volatile.Read(ref _stallUntil);

    /// <summary>Subscribes the URL's streams and runs until the client leaves, the server closes it, or it is aborted.</summary>
    public async Task RunAsync(IEnumerable<string> urlStreams, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _abort.Token);
        var token = linked.Token;
        using var lifetime = new Timer(
            _ => RequestClose(WebSocketCloseStatus.NormalClosure, "connection lifetime reached"),
            null,
            Rules.Lifetime,
            Timeout.InfiniteTimeSpan);

        var send = SendLoopAsync(token);
        var receive = ReceiveLoopAsync(token);
        // Only now that the writer drains the queue: a burst at subscription time must not
        // count as a slow client.
        Subscribe(urlStreams);
        try
        {
            var first = await Task.WhenAny(send, receive).ConfigureAwait(false);
            if (first.IsCompletedSuccessfully)
            {
                // A close handshake is under way; give the other side a moment to finish it.
                await Task.WhenAny(Task.WhenAll(send, receive), Task.Delay(CloseGrace, token)).ConfigureAwait(false);
            }
        }
        finally
        {
            if (send.IsCompletedSuccessfully && receive.IsCompletedSuccessfully)
            {
                // Both close frames went through: let Kestrel end the TCP connection normally,
                // an abort could reset it before the client has read our close frame.
                _queue.Writer.TryComplete();
            }
            else
            {
                Abort();
            }

            await Quietly(send).ConfigureAwait(false);
            await Quietly(receive).ConfigureAwait(false);
        }
    }

    /// <summary>Cuts the connection without a close frame (network failure as the client sees it).</summary>
    public void Abort()
    {
        _queue.Writer.TryComplete();
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Abort();
        try
        {
            _http.Abort();
        }
        catch (ObjectDisposedException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Sends a close frame once everything queued has gone out (lifetime end, client close, abuse).</summary>
    public void RequestClose(WebSocketCloseStatus status, string description)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return;
        }

        _closeStatus = status;
        _closeDescription = description;
        _queue.Writer.TryComplete();
    }

    /// <summary>Nothing is sent for <paramref name="duration"/>; what is published meanwhile never reaches this client.</summary>
    public void Stall(TimeSpan duration) =>
        Volatile.Write(ref _stallUntil, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));

    public void Dispose() => _abort.Dispose();

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException or ChannelClosedException)
        {
        }
    }
}

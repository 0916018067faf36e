using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Streamer.Pipes.Framing;
using Streamer.Pipes;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Pipes.Clients;

/// <summary>
/// The worker's best-effort feed of depth events and snapshots to the order book process
/// (pipe <see cref="PipeNames.OrderBook"/>). Unlike the writer's client it keeps nothing: the order book
/// detects any missing event from the update id chain and asks for a new snapshot, so frames are simply
/// dropped (and counted) while disconnected or when the bounded queue is full. A worker is never slowed
/// down or blocked by the order book.
/// </summary>
/// <remarks>
/// <para>Usage by a worker: create it with <c>PipeNames.OrderBook(runId)</c>, subscribe to
/// <see cref="SnapshotRequested"/>, call <see cref="StartAsync"/>, then hand it every depth and
/// depth_snapshot frame exactly as sent to the writer (<see cref="WriteAsync"/> ignores other streams).</para>
/// <para>It connects in the background and retries forever with a capped backoff. Hello: role
/// <c>worker</c>, source <c>obfeed:{key}</c> (<see cref="ExchangePaths.Key"/>: <c>obfeed:BTCUSDT</c>,
/// <c>obfeed:binance-spot/BTCUSDT</c>), symbol the bare symbol, <see cref="Hello.Exchange"/> the exchange, by
/// which the order book picks the book and its depth rule. After every (re)connect it raises
/// <see cref="SnapshotRequested"/>, because the order book needs a snapshot to start a book.</para>
/// </remarks>
public sealed partial class OrderBookFeedClient : IFrameSink, IAsyncDisposable
{
    private readonly string _pipeName;
    private readonly string _key;
    private readonly ILogger _logger;
    private readonly Channel<QueuedFrame> _queue;
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private ulong _sequence;
    private long _connection;
    private long _queuedBytes;
    private int _queuedFrames;
    private volatile bool _connected;
    private long _framesSent;
    private long _framesDropped;
    private long _connects;
    private long _snapshotRequests;
    private int _started;

    /// <summary>Creates a feed for <paramref name="symbol"/> of the default exchange (USD-M) to the order book pipe <paramref name="pipeName"/>.</summary>
    public OrderBookFeedClient(string pipeName, string symbol, ILogger logger)
        : this(pipeName, ExchangeIds.Default, symbol, logger)
    {
    }

    /// <summary>Creates a feed for <paramref name="symbol"/> of <paramref name="exchange"/> (<see cref="ExchangeIds"/>) to the order book pipe <paramref name="pipeName"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="exchange"/> is not one of <see cref="ExchangeIds.Known"/>.</exception>
    public OrderBookFeedClient(string pipeName, string exchange, string symbol, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipeName);
        ArgumentException.ThrowIfNullOrEmpty(exchange);
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        ArgumentNullException.ThrowIfNull(logger);
        if (!ExchangeIds.IsKnown(exchange))
        {
            throw new ArgumentException($"'{exchange}' is not a known exchange", nameof(exchange));
        }

        _pipeName = pipeName;
        _key = ExchangePaths.Key(exchange, symbol);
        Hello = new Hello(FrameCodec.ProtocolVersion, "worker", "obfeed:" + _key, symbol) { Exchange = exchange };
        _logger = logger;
        _queue = Channel.CreateBounded<QueuedFrame>(new BoundedChannelOptions(MaxQueuedFrames)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>
    /// Raised when the order book asks for a fresh depth snapshot, and after every (re)connect. The worker
    /// then fetches a REST depth snapshot and sends it as usual. Raised on a background thread; handlers
    /// should only signal the worker's own loop.
    /// </summary>
    public event Action? SnapshotRequested;

    /// <summary>The Hello sent on every connect: source <c>obfeed:{key}</c>, the bare symbol, the exchange.</summary>
    public Hello Hello { get; }

    /// <summary>Frames kept while the pipe is slow; more are dropped.</summary>
    public const int MaxQueuedFrames = 4096;

    /// <summary>Bytes kept while the pipe is slow; more are dropped (a 1000-level snapshot is ~60 KB).</summary>
    public long MaxQueuedBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap of the reconnect delay.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>True while connected to the order book.</summary>
    public bool IsConnected => _connected;

    /// <summary>Frames handed to the pipe.</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Depth and snapshot frames dropped (not connected, queue full, connection lost).</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>Successful connections so far.</summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Snapshot requests raised (after connects and on the order book's demand).</summary>
    public long SnapshotRequests => Interlocked.Read(ref _snapshotRequests);

    /// <summary>Starts connecting in the background; returns at once.</summary>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    public Task StartAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("the order book feed is already started");
        }

        var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        _run = Task.Run(async () =>
        {
            using (linked)
            {
                await RunAsync(linked.Token).ConfigureAwait(false);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Queues a depth or depth_snapshot frame for the order book; other streams are ignored. Never waits:
    /// when disconnected or when the queue is full the frame is dropped and counted.
    /// </summary>
    public ValueTask WriteAsync(StreamType stream, long exchangeTimeMs, ReadOnlyMemory<byte> rows, CancellationToken ct)
    {
        if (stream is not (StreamType.Depth or StreamType.DepthSnapshot))
        {
            return ValueTask.CompletedTask;
        }

        if (!_connected)
        {
            Interlocked.Increment(ref _framesDropped);
            return ValueTask.CompletedTask;
        }

        if (rows.Length > FrameCodec.MaxPayloadLength)
        {
            Interlocked.Increment(ref _framesDropped);
            FeedLog.Oversized(_logger, _key, rows.Length);
            return ValueTask.CompletedTask;
        }

        var length = FrameCodec.HeaderSize + rows.Length;
        if (Interlocked.Read(ref _queuedBytes) + length > MaxQueuedBytes)
        {
            Interlocked.Increment(ref _framesDropped);
            return ValueTask.CompletedTask;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        FrameCodec.WriteHeader(buffer, FrameHeader.Data(stream, Interlocked.Increment(ref _sequence), exchangeTimeMs, rows.Length));
        rows.Span.CopyTo(buffer.AsSpan(FrameCodec.HeaderSize));
        var frame = new QueuedFrame(buffer, length, Interlocked.Read(ref _connection));
        Interlocked.Add(ref _queuedBytes, length);
        Interlocked.Increment(ref _queuedFrames);
        if (!_queue.Writer.TryWrite(frame))
        {
            Dequeued(frame);
            frame.Return();
            Interlocked.Increment(ref _framesDropped);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Gives queued frames a short moment (at most one second) to reach the pipe. Nothing here is durable,
    /// so this never waits long and never fails.
    /// </summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(TimeSpan.FromSeconds(1));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (_connected && Volatile.Read(ref _queuedFrames) > 0 && await poll.WaitForNextTickAsync(bounded.Token).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException)
        {
            // Best effort by design.
        }
    }

    /// <summary>Stops the background connection and releases queued frames.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var frame))
        {
            Dequeued(frame);
            frame.Return();
        }

        _stop.Dispose();
    }

    private void Dequeued(QueuedFrame frame)
    {
        Interlocked.Add(ref _queuedBytes, -frame.Length);
        Interlocked.Decrement(ref _queuedFrames);
    }

    private void RaiseSnapshotRequested()
    {
        Interlocked.Increment(ref _snapshotRequests);
        try
        {
            SnapshotRequested?.Invoke();
        }
        catch (Exception ex)
        {
            FeedLog.HandlerFailed(_logger, ex, _key);
        }
    }
}

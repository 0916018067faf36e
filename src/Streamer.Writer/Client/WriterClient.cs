using Microsoft.Extensions.Logging;
using Streamer.Core.Framing;
using Streamer.Core.Pipes;
using Streamer.Core.Streams;
using Streamer.Writer.Threading;

namespace Streamer.Writer.Client;

/// <summary>
/// A producer's link to the writer process (<see cref="IFrameSink"/> for workers and the order book).
/// Every frame is numbered in the sequence space of <see cref="Hello.Source"/> and kept until the writer
/// acknowledges it as written; after any reconnect everything unacknowledged is sent again, so the
/// writer sees every frame exactly once. A writer outage never loses rows: up to
/// <c>maxBufferedBytes</c> stay in memory, older ones spill to a spool file.
/// </summary>
/// <remarks>
/// Frames get local numbers 1, 2, 3, ... at <see cref="WriteAsync"/>, so writing never waits for the
/// writer. The first HelloAck fixes the wire sequence as HelloAck + local number: a restarted worker
/// continues right after what the writer has (whatever the dead process held unacknowledged is gone
/// with it; workers backfill trades over REST). The connection loop runs until <see cref="DisposeAsync"/>,
/// so a graceful stop can still <see cref="DrainAsync"/>.
/// </remarks>
public sealed partial class WriterClient : IFrameSink, IAsyncDisposable
{
    private const int MaxBatchBytes = 256 * 1024;

    private readonly string _pipeName;
    private readonly Hello _hello;
    private readonly long _maxBufferedBytes;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly KeptFrames _kept;
    private readonly WakeSignal _sendWakeup = new(runWaiterInline: true);
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _acknowledged = NewSignal();

    /// <summary>Someone holds <see cref="_acknowledged"/>'s task: only then is a new one needed after an ack.</summary>
    private bool _acknowledgedObserved;

    /// <summary>The send loop found nothing to send and sleeps (or is about to): the next frame must wake it.</summary>
    private bool _senderIdle;
    private ulong? _sequenceBase;
    private long _sentThrough;
    private bool _spilling;
    private DateTimeOffset _nextSpoolRetry;
    private Task _loop = Task.CompletedTask;
    private volatile bool _connected;
    private bool _everConnected;
    private bool _disposed;

    /// <summary>Creates a client; nothing happens until <see cref="StartAsync"/>.</summary>
    /// <param name="pipeName">The writer's pipe (<see cref="PipeNames.Writer"/>).</param>
    /// <param name="hello">Who this client is; <see cref="Hello.Source"/> names the sequence space.</param>
    /// <param name="maxBufferedBytes">Unacknowledged bytes kept in memory before the oldest spill to disk (<c>storage.worker_buffer_bytes</c>).</param>
    /// <param name="spoolDirectory">Folder for the spool file (created when first needed).</param>
    /// <param name="logger">Logger.</param>
    /// <param name="time">Clock and timers.</param>
    public WriterClient(string pipeName, Hello hello, long maxBufferedBytes, string spoolDirectory, ILogger logger, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipeName);
        ArgumentNullException.ThrowIfNull(hello);
        ArgumentException.ThrowIfNullOrEmpty(spoolDirectory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBufferedBytes);
        _pipeName = pipeName;
        _hello = hello;
        _maxBufferedBytes = maxBufferedBytes;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        var fileName = string.Concat(hello.Source.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
        _kept = new KeptFrames(maxBufferedBytes, Path.Combine(spoolDirectory, fileName + ".spool"));
    }

    /// <summary>Highest sequence the writer has acknowledged as written (0 before the first handshake).</summary>
    public ulong LastAcknowledged
    {
        get
        {
            lock (_lock)
            {
                return _sequenceBase is { } b ? b + (ulong)_kept.AcknowledgedThrough : 0;
            }
        }
    }

    /// <summary>Frames written but not yet acknowledged.</summary>
    public long UnacknowledgedCount
    {
        get
        {
            lock (_lock)
            {
                return _kept.Count;
            }
        }
    }

    /// <summary>Bytes of unacknowledged frames, in memory and spooled.</summary>
    public long UnacknowledgedBytes
    {
        get
        {
            lock (_lock)
            {
                return _kept.Bytes;
            }
        }
    }

    /// <summary>True while a handshaken connection to the writer is up.</summary>
    public bool Connected => _connected;

    /// <summary>
    /// Starts the background connection loop, which runs until <see cref="DisposeAsync"/> (not until
    /// <paramref name="ct"/>: a stopping producer still needs the link to drain).
    /// </summary>
    public Task StartAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_loop.IsCompleted)
        {
            _loop = Task.Run(() => ConnectLoopAsync(_stop.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask WriteAsync(StreamType stream, long exchangeTimeMs, ReadOnlyMemory<byte> rows, CancellationToken ct)
    {
        if (rows.Length > FrameCodec.MaxPayloadLength)
        {
            throw new ArgumentException($"a frame holds at most {FrameCodec.MaxPayloadLength} bytes; split the rows", nameof(rows));
        }

        bool wakeSender;
        bool memoryFull;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _kept.Append(stream, exchangeTimeMs, rows.Span);
            memoryFull = _kept.MemoryFull;

            // Only the first frame after the sender ran dry wakes it; while it is busy it finds later ones itself.
            wakeSender = _senderIdle;
            _senderIdle = false;
        }

        if (wakeSender)
        {
            _sendWakeup.Set();
        }

        if (!memoryFull)
        {
            return;
        }

        while (!TrySpill())
        {
            // The spool refuses (disk full): hold the producer until acknowledgements make room.
            Task acknowledged;
            lock (_lock)
            {
                acknowledged = ObserveAcknowledged();
            }

            await Task.WhenAny(acknowledged, Task.Delay(TimeSpan.FromSeconds(1), _time, ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <inheritdoc/>
    public async Task DrainAsync(CancellationToken ct)
    {
        long target;
        lock (_lock)
        {
            target = _kept.NextLocal - 1;
        }

        while (true)
        {
            Task acknowledged;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_kept.AcknowledgedThrough >= target)
                {
                    return;
                }

                acknowledged = ObserveAcknowledged();
            }

            await acknowledged.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the connection loop and deletes the spool; unacknowledged frames are dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        lock (_lock)
        {
            _kept.Dispose();
            _acknowledged.TrySetResult(); // Wakes drains, which then see the client is disposed.
        }

        _sendWakeup.Dispose();
        _stop.Dispose();
    }

    /// <summary>Spills to the spool while memory is over its bound; false when the spool fails and memory is still over.</summary>
    private bool TrySpill()
    {
        lock (_lock)
        {
            if (_disposed || !_kept.MemoryFull)
            {
                return true;
            }

            var now = _time.GetUtcNow();
            if (now < _nextSpoolRetry)
            {
                return false;
            }

            try
            {
                if (!_spilling)
                {
                    _spilling = true;
                    WriterClientLog.Spilling(_logger, _maxBufferedBytes, _kept.SpoolPath);
                }

                _kept.SpillOverflow();
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _nextSpoolRetry = now + TimeSpan.FromSeconds(1);
                WriterClientLog.SpoolFailed(_logger, _kept.SpoolPath, e.Message);
                return false;
            }
        }
    }

    /// <summary>Records an acknowledgement of wire sequence <paramref name="sequence"/> and wakes drains.</summary>
    private void Acknowledge(ulong sequence)
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            if (_sequenceBase is not { } b || sequence <= b || _disposed)
            {
                return;
            }

            _kept.Acknowledge((long)(sequence - b));
            if (_kept.Count == 0)
            {
                _spilling = false;
            }

            wake = TakeAcknowledgedSignal();
        }

        wake?.TrySetResult();
    }

    /// <summary>The task completed at the next acknowledgement. Call under the lock.</summary>
    private Task ObserveAcknowledged()
    {
        _acknowledgedObserved = true;
        return _acknowledged.Task;
    }

    /// <summary>
    /// Replaces the acknowledgement signal and returns the old one to complete, or null when nobody waits on it:
    /// acknowledgements come every few milliseconds, waiters (drains, a full spool) rarely. Call under the lock.
    /// </summary>
    private TaskCompletionSource? TakeAcknowledgedSignal()
    {
        if (!_acknowledgedObserved)
        {
            return null;
        }

        _acknowledgedObserved = false;
        var wake = _acknowledged;
        _acknowledged = NewSignal();
        return wake;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

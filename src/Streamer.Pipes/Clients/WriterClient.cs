using Microsoft.Extensions.Logging;
using Streamer.Pipes.Framing;
using Streamer.Pipes;
using Streamer.Core.Streams;
using Streamer.Pipes.Journal;
using Streamer.Core.Threading;

namespace Streamer.Pipes.Clients;

/// <summary>
/// A producer's link to the writer process (<see cref="IFrameSink"/> for workers and the order book).
/// Every frame is numbered in the sequence space of <see cref="Hello.Source"/> and kept until the writer
/// acknowledges it as written; after any reconnect everything unacknowledged is sent again, so the
/// writer sees every frame exactly once. A writer outage never loses rows: up to
/// <c>maxBufferedBytes</c> stay in memory, older ones move to the source's journal on disk
/// (<see cref="FrameJournal"/>), which outlives this process: whoever runs the source next delivers it.
/// </summary>
/// <remarks>
/// Frames get local numbers at <see cref="WriteAsync"/>, continuing those of the journal, so writing never waits
/// for the writer. Frame n is sent as base + n; the base is fixed at a handshake (so that the first frame the writer
/// does not have follows what it has) and recorded in the journal before anything is sent with it. The connection
/// loop runs until <see cref="CloseAsync"/>, so a graceful stop can still <see cref="DrainAsync"/>; closing journals
/// (and fsyncs) whatever is still unacknowledged instead of dropping it.
/// </remarks>
public sealed partial class WriterClient : IFrameSink, IAsyncDisposable
{
    private const int MaxBatchBytes = 256 * 1024;
    private static readonly TimeSpan JournalSyncInterval = TimeSpan.FromSeconds(1);

    private readonly string _pipeName;
    private readonly Hello _hello;
    private readonly long _maxBufferedBytes;
    private readonly string _journalDirectory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly WakeSignal _sendWakeup = new(runWaiterInline: true);
    private readonly CancellationTokenSource _stop = new();
    private KeptFrames? _kept;
    private TaskCompletionSource _acknowledged = NewSignal();

    /// <summary>Someone holds <see cref="_acknowledged"/>'s task: only then is a new one needed after an ack.</summary>
    private bool _acknowledgedObserved;

    /// <summary>The send loop found nothing to send and sleeps (or is about to): the next frame must wake it.</summary>
    private bool _senderIdle;
    private long _frameWrites;
    private ulong? _sequenceBase;

    /// <summary>The base came from a journal written by an earlier process: the first handshake may move it.</summary>
    private bool _baseInherited;
    private long _sentThrough;

    /// <summary>Highest frame number that may have reached the writer under the current base (see OnHelloAck).</summary>
    private long _maySent;

    /// <summary>When the link last went down (or the client started): the outage reported at the next handshake.</summary>
    private long _linkDownSince;

    /// <summary>Frames a predecessor journalled, until the first handshake reports them.</summary>
    private long _inheritedFrames;
    private bool _spilling;
    private DateTimeOffset _nextSpoolRetry;
    private DateTimeOffset _lastJournalSync;
    private Task _loop = Task.CompletedTask;
    private volatile bool _connected;
    private bool _everConnected;
    private bool _disposed;
    private HandoffResult? _closed;

    /// <summary>Creates a client; nothing happens until <see cref="StartAsync"/>.</summary>
    /// <param name="pipeName">The writer's pipe (<see cref="PipeNames.Writer"/>).</param>
    /// <param name="hello">Who this client is; <see cref="Hello.Source"/> names the sequence space.</param>
    /// <param name="maxBufferedBytes">Unacknowledged bytes kept in memory before the oldest move to the journal (<c>storage.handoff_memory_bytes</c>).</param>
    /// <param name="journalDirectory">The source's journal folder (<see cref="JournalPaths.For"/>), created when needed.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="time">Clock and timers.</param>
    public WriterClient(string pipeName, Hello hello, long maxBufferedBytes, string journalDirectory, ILogger logger, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipeName);
        ArgumentNullException.ThrowIfNull(hello);
        ArgumentException.ThrowIfNullOrEmpty(journalDirectory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBufferedBytes);
        _pipeName = pipeName;
        _hello = hello;
        _maxBufferedBytes = maxBufferedBytes;
        _journalDirectory = journalDirectory;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>
    /// Raised on the connection loop after a handshake that ends a long writer outage or delivers a predecessor's
    /// journal; handlers must not block (a worker writes an <c>events</c> row from it, asynchronously).
    /// </summary>
    public event Action<WriterOutage>? OutageEnded;

    /// <summary>
    /// How long the first frame after a quiet moment waits for company before the pipe write (<c>storage.handoff_batch</c>;
    /// zero: at once). A frame costs the worker a system call and the writer a wake-up, parse set-up and lock round
    /// per write, whatever its size: at a worker's typical 1-2k frames/s, a 10 ms window turns 15 writes into one,
    /// and the rows wait for the writer's next flush anyway. A backlog is sent without waiting.
    /// </summary>
    public TimeSpan GatherWindow { get; init; }

    /// <summary>The source this client delivers (<see cref="Hello.Source"/>).</summary>
    public string Source => _hello.Source;

    /// <summary>Highest sequence the writer has acknowledged as written (0 before the first handshake).</summary>
    public ulong LastAcknowledged
    {
        get
        {
            lock (_lock)
            {
                return _sequenceBase is { } b && _kept is not null ? b + (ulong)_kept.AcknowledgedThrough : 0;
            }
        }
    }

    /// <summary>Frames written but not yet acknowledged (in memory and in the journal).</summary>
    public long UnacknowledgedCount
    {
        get
        {
            lock (_lock)
            {
                return _kept?.Count ?? 0;
            }
        }
    }

    /// <summary>Bytes of unacknowledged frames, in memory and journalled.</summary>
    public long UnacknowledgedBytes
    {
        get
        {
            lock (_lock)
            {
                return _kept?.Bytes ?? 0;
            }
        }
    }

    /// <summary>Where the unacknowledged frames are: memory (lost with the process) and the journal (not lost).</summary>
    public HandoffBacklog Backlog
    {
        get
        {
            lock (_lock)
            {
                return _kept is null ? default : new HandoffBacklog(_kept.MemoryCount, _kept.MemoryBytes, _kept.JournalCount, _kept.JournalBytes);
            }
        }
    }

    /// <summary>True while a handshaken connection to the writer is up.</summary>
    public bool Connected => _connected;

    /// <summary>Pipe writes of frames so far (each carries one or more frames; with <see cref="GatherWindow"/>, usually many).</summary>
    public long FrameWrites => Interlocked.Read(ref _frameWrites);

    /// <summary>
    /// Opens the source's journal (waiting while another process still owns it, e.g. a predecessor that is
    /// stopping) and starts the background connection loop, which delivers the journal first and runs until
    /// <see cref="CloseAsync"/> (not until <paramref name="ct"/>: a stopping producer still needs the link to drain).
    /// </summary>
    public async Task StartAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_kept is null)
        {
            var journal = await FrameJournal.OpenAsync(_journalDirectory, _hello, owner => WriterClientLog.JournalBusy(_logger, _hello.Source, owner, _journalDirectory),
                _time, ct).ConfigureAwait(false);
            if (journal.Damage is { } damage)
            {
                WriterClientLog.JournalDamaged(_logger, _journalDirectory, damage);
            }

            if (!journal.IsEmpty)
            {
                WriterClientLog.JournalFound(_logger, _hello.Source, journal.Count, journal.Bytes, _journalDirectory);
            }

            lock (_lock)
            {
                if (_disposed)
                {
                    journal.Dispose();
                    throw new ObjectDisposedException(nameof(WriterClient));
                }

                _kept = new KeptFrames(_maxBufferedBytes, journal);
                _sequenceBase = journal.Base;
                _baseInherited = journal.Base is not null;

                // A dead predecessor may have sent every frame it journalled.
                _maySent = journal.IsEmpty ? 0 : journal.LastLocal;
                _inheritedFrames = journal.Count;
                _linkDownSince = _time.GetTimestamp();
            }
        }

        if (_loop.IsCompleted)
        {
            _loop = Task.Run(() => ConnectLoopAsync(_stop.Token), CancellationToken.None);
        }
    }

    /// <summary>
    /// The last CSV row of <paramref name="stream"/> that an earlier process journalled for this source and that is
    /// not known to be written (null when none): the recording continues after it, so a restarted worker resumes
    /// after it rather than after the files alone. Valid after <see cref="StartAsync"/>.
    /// </summary>
    public string? JournalledLastRow(StreamType stream)
    {
        lock (_lock)
        {
            return _kept?.Journal.RecoveredLastRow(stream);
        }
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
            if (_kept is null)
            {
                throw new InvalidOperationException("StartAsync opens the journal before the first frame");
            }

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
            // The journal refuses (disk full): hold the producer until acknowledgements make room.
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
            if (_kept is null)
            {
                return;
            }

            target = _kept.NextLocal - 1;
        }

        while (true)
        {
            Task acknowledged;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_kept!.AcknowledgedThrough >= target)
                {
                    return;
                }

                acknowledged = ObserveAcknowledged();
            }

            await acknowledged.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops taking frames and ends the connection loop, then moves every unacknowledged frame to the journal and
    /// fsyncs it, for whoever runs this source next; releases the journal. Call <see cref="DrainAsync"/> first to
    /// hand the frames to the writer where it can take them. Idempotent.
    /// </summary>
    public async Task<HandoffResult> CloseAsync()
    {
        lock (_lock)
        {
            if (_closed is { } done)
            {
                return done;
            }

            _disposed = true;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        HandoffResult result;
        lock (_lock)
        {
            result = _kept is null ? new HandoffResult(0, 0) : PersistForNextRun(_kept);
            _kept?.Dispose();
            _kept?.Journal.Dispose();
            _closed = result;
            _acknowledged.TrySetResult(); // Wakes drains, which then see the client is closed.
        }

        _sendWakeup.Dispose();
        _stop.Dispose();
        return result;
    }

    /// <summary>
    /// What a <c>kill -9</c> leaves (tests): the loop ends, memory is dropped, the journal stays exactly as it is on
    /// disk and its lock is released.
    /// </summary>
    internal async Task AbandonAsync()
    {
        lock (_lock)
        {
            _disposed = true;
            _closed = new HandoffResult(0, _kept?.MemoryCount ?? 0);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        lock (_lock)
        {
            _kept?.Dispose();
            _kept?.Journal.Dispose();
            _acknowledged.TrySetResult();
        }
    }

    /// <summary>Same as <see cref="CloseAsync"/>: unacknowledged frames are journalled, never dropped.</summary>
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    /// <summary>Journals and fsyncs what the writer has not acknowledged. Call under the lock, after the loop ended.</summary>
    private HandoffResult PersistForNextRun(KeptFrames kept)
    {
        var lost = 0L;
        var durable = true;
        try
        {
            kept.SpillAll();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lost = kept.MemoryCount;
            WriterClientLog.JournalWriteFailed(_logger, _hello.Source, lost, _journalDirectory, e.Message);
        }

        try
        {
            kept.Journal.Sync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            durable = false;
            WriterClientLog.JournalSyncFailed(_logger, _hello.Source, kept.JournalCount, _journalDirectory, e.Message);
        }

        var journalled = kept.JournalCount;
        if (journalled > 0)
        {
            WriterClientLog.Journalled(_logger, _hello.Source, journalled, kept.JournalBytes, _journalDirectory);
        }

        return new HandoffResult(journalled, lost, durable);
    }

    /// <summary>Spills to the spool while memory is over its bound; false when the spool fails and memory is still over.</summary>
    private bool TrySpill()
    {
        lock (_lock)
        {
            if (_disposed || _kept is null || !_kept.MemoryFull)
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
                    WriterClientLog.Spilling(_logger, _maxBufferedBytes, _journalDirectory);
                }

                _kept!.SpillOverflow();
                if (now - _lastJournalSync >= JournalSyncInterval)
                {
                    // A journal is for outages of the writer; fsyncing it once a second bounds what an OS crash
                    // during one can take, at the cost of one small fsync a second.
                    _lastJournalSync = now;
                    _kept.Journal.Sync();
                }

                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _nextSpoolRetry = now + TimeSpan.FromSeconds(1);
                WriterClientLog.SpoolFailed(_logger, _journalDirectory, e.Message);
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
            // Wire numbers are base + local in unsigned, wrapping arithmetic (a base may be "below zero" when a
            // journal's numbers run ahead of the writer's), so the difference is read as a signed count.
            var local = _sequenceBase is { } b ? (long)unchecked(sequence - b) : 0;
            if (local <= 0 || _disposed || _kept is null)
            {
                return;
            }

            _kept.Acknowledge(local);
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

using System.Buffers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Streamer.Core.Configuration;
using Streamer.Core.Csv;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;
using Streamer.Storage.Parquet;
using Streamer.Writer.Compression;
using Streamer.Writer.Durability;
using Streamer.Writer.Files;
using Streamer.Writer.Status;
using Streamer.Core.Storage;

namespace Streamer.Writer.Engine;

/// <summary>
/// The single owner of every output file and every source's sequence state. Connections and timers
/// post <see cref="EngineCommand"/>s; one loop applies them in order, so no file or counter is ever
/// shared between threads. Rows are buffered per file and written, checkpointed and acknowledged
/// together by <see cref="Flush"/> (see WriteEngine.Flush.cs); day rotation and compression commits
/// are in WriteEngine.Rotation.cs.
/// </summary>
internal sealed partial class WriteEngine
{
    private static readonly long MaxExchangeTimeMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
    private const int MaxLatencySamples = 1 << 16;

    private readonly WriterOptions _options;
    private readonly IWriterFileSystem _fs;
    private readonly TimeProvider _time;
    private readonly CheckpointStore _store;
    private readonly ByteBudget _budget;
    private readonly WriterStats _stats;
    private readonly ILogger _logger;
    private readonly string _bootId;
    private readonly FsyncPolicy _fsync;
    private readonly Channel<EngineCommand> _commands =
        Channel.CreateUnbounded<EngineCommand>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Dictionary<string, SourceState> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<DayFileKey, DayFile> _files = [];
    private readonly List<DayFile> _filesWithRows = [];

    /// <summary>
    /// Exchange times of the data frames accepted since the last completed write, for the latency
    /// histogram; reused (cleared, never shrunk), so steady state allocates nothing.
    /// </summary>
    private readonly List<long> _unwrittenFrameTimes = [];

    /// <summary>
    /// Files and lengths of the last checkpoint (plus registrations waiting to be written). Lengths only
    /// change when a checkpoint that also advances the sources is written, so any checkpoint written from
    /// this table is consistent: cutting files to it and resending above its sequences is exactly once.
    /// </summary>
    private readonly Dictionary<string, long> _registry = new(StringComparer.Ordinal);

    /// <summary><c>parquet_seal: hour</c>: one open part per UTC hour of exchange time, sealed when the hour closes.</summary>
    private readonly bool _hourly;

    /// <summary>Hive layout: open parts live under <see cref="DayFilePaths.StagingFolder"/>, outside the hive tree.</summary>
    private readonly bool _staging;

    private long _pendingBytes;

    /// <summary>Where a payload that straddles two read segments is made contiguous (rare; kept, never shrunk).</summary>
    private byte[] _straddling = [];
    private bool _flushDue;
    private bool _checkpointDirty;
    private bool _registrationPending;

    public WriteEngine(WriterOptions options, CheckpointStore store, Checkpoint recovered, ByteBudget budget, WriterStats stats, ILogger logger)
    {
        _options = options;
        _fs = options.FileSystem;
        _time = options.Time;
        _store = store;
        _budget = budget;
        _stats = stats;
        _logger = logger;
        _bootId = recovered.BootId;
        _fsync = new FsyncPolicy(options.FsyncInterval, options.FsyncRows, _time);
        _hourly = options.Format == StorageFormat.Parquet && options.ParquetSeal == ParquetSeal.Hour;
        _staging = options.Format == StorageFormat.Parquet && options.Layout == StorageLayout.Hive;
        foreach (var (name, sequence) in recovered.Sources)
        {
            _sources[name] = new SourceState(name, sequence);
        }

        foreach (var (path, length) in recovered.Files)
        {
            _registry[path] = length;
        }

        _lastRotation = _time.GetUtcNow();
    }

    /// <summary>Sets where closed files are sent for compression (null = no compression).</summary>
    public DayCompressor? Compressor { get; set; }

    /// <summary>Hands a command to the engine; false once the engine is stopping.</summary>
    public bool Post(in EngineCommand command) => _commands.Writer.TryWrite(command);

    /// <summary>Tells the engine that no more commands will come: it drains, flushes and returns.</summary>
    public void Complete() => _commands.Writer.TryComplete();

    /// <summary>
    /// Runs until <see cref="Complete"/> was called and every queued command is applied, then makes a
    /// last flush with fsync. Returns false when that flush failed (the disk still refuses).
    /// </summary>
    public async Task<bool> RunAsync(CancellationToken timersToken)
    {
        using var tickerStop = CancellationTokenSource.CreateLinkedTokenSource(timersToken);
        var ticker = TickAsync(tickerStop.Token);
        ScheduleStartupCompressions();
        var reader = _commands.Reader;
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (reader.TryRead(out var command))
                {
                    Handle(command);

                    // The timer's tick is queued with the frames, so a busy queue still flushes on time; a
                    // burst flushes early to keep memory low.
                    if (_flushDue || _pendingBytes >= _budget.Limit / 4)
                    {
                        TryFlush();
                    }
                }

                if (_flushDue)
                {
                    TryFlush();
                }
            }
        }
        catch
        {
            ReleaseQueuedFrames();
            throw;
        }

        await tickerStop.CancelAsync().ConfigureAwait(false);
        await ticker.ConfigureAwait(false);
        var flushed = await FinalFlushAsync().ConfigureAwait(false);
        if (flushed)
        {
            await SealAtStopAsync().ConfigureAwait(false);
        }

        return flushed;
    }

    /// <summary>
    /// After a failure of the loop (a bug): connections wait for their frames to be applied before they read
    /// on, so refuse new commands and release every queued batch (unwritten, so never acknowledged).
    /// </summary>
    private void ReleaseQueuedFrames()
    {
        _commands.Writer.TryComplete();
        while (_commands.Reader.TryRead(out var command))
        {
            if (command.Kind == EngineCommandKind.Data)
            {
                command.Peer!.FramesApplied();
            }
        }
    }

    private async Task TickAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                Post(EngineCommand.Tick);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Handle(in EngineCommand command)
    {
        switch (command.Kind)
        {
            case EngineCommandKind.Data:
                HandleFrames(command.Peer!, command.Frames, command.PayloadBytes);
                break;
            case EngineCommandKind.Connected:
                HandleConnected(command.Peer!, command.Hello!);
                break;
            case EngineCommandKind.Disconnected:
                HandleDisconnected(command.Peer!);
                break;
            case EngineCommandKind.Tick:
                _flushDue = true;
                RotateIfDue();
                break;
            case EngineCommandKind.CompressionDone:
                HandleCompressionDone(command.Job!);
                break;
            default:
                break;
        }
    }

    private void HandleConnected(IWriterPeer peer, Hello hello)
    {
        if (!_sources.TryGetValue(hello.Source, out var source))
        {
            source = new SourceState(hello.Source, 0);
            _sources[hello.Source] = source;
        }

        if (source.Owner is { } previous && !ReferenceEquals(previous, peer))
        {
            // A restarted client reconnects before the old connection is noticed as dead.
            previous.Close("replaced by a newer connection of the same source");
        }

        source.Owner = peer;
        source.AckDue = false;
        peer.Session = new PeerSession(source, hello.Symbol, hello.Exchange);
        if (source.Accepted == source.Durable)
        {
            SendHelloAck(source);
        }
        else
        {
            // Rows of this source are buffered but not yet durable. Answering now with a lower sequence
            // would let a restarted client reuse those numbers for new rows, which would then be dropped
            // as resends; so answer right after the next flush, when accepted == durable.
            source.HelloAckPending = true;
            _flushDue = true;
        }
    }

    private static void SendHelloAck(SourceState source)
    {
        source.HelloAckPending = false;
        source.AckSent = source.Durable;
        source.Owner?.SendHelloAck(source.Durable);
    }

    private static void HandleDisconnected(IWriterPeer peer)
    {
        if (peer.Session?.Source is { } source && ReferenceEquals(source.Owner, peer))
        {
            source.Owner = null;
            source.HelloAckPending = false;
        }
    }

    /// <summary>Applies a batch of whole Data frames of one connection, in order, then lets the connection read on.</summary>
    private void HandleFrames(IWriterPeer peer, ReadOnlySequence<byte> frames, int payloadBytes)
    {
        try
        {
            while (FrameCodec.TryRead(ref frames, out var header, out var payload))
            {
                payloadBytes -= header.PayloadLength;
                if (!HandleData(peer, header, Contiguous(payload)))
                {
                    // The connection is closed or replaced: its client resends the rest to the next one.
                    _budget.Release(payloadBytes);
                    return;
                }
            }
        }
        finally
        {
            peer.FramesApplied();
        }
    }

    /// <summary>The payload as one span; one that straddles two read segments is copied to a reused buffer.</summary>
    private ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return payload.FirstSpan;
        }

        if (_straddling.Length < payload.Length)
        {
            _straddling = new byte[Math.Max((int)payload.Length, 2 * _straddling.Length)];
        }

        payload.CopyTo(_straddling);
        return _straddling.AsSpan(0, (int)payload.Length);
    }

    /// <summary>Applies one Data frame; false when the rest of its batch must be dropped (connection closed or replaced).</summary>
    private bool HandleData(IWriterPeer peer, FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var length = header.PayloadLength;
        var session = peer.Session;
        if (session is null || !ReferenceEquals(session.Source.Owner, peer))
        {
            _budget.Release(length); // A replaced connection: its client resends to the new one.
            return false;
        }

        var source = session.Source;
        if (header.Sequence <= source.Accepted)
        {
            _stats.ResendDropped();
            source.AckDue = true;
            _budget.Release(length);
            return true;
        }

        if (header.Sequence != source.Accepted + 1)
        {
            if (session.ReceivedData)
            {
                _stats.ProtocolError();
                WriterLog.SequenceGap(_logger, peer.Name, source.Accepted + 1, header.Sequence);
                peer.Close(FormattableString.Invariant($"sequence gap: expected {source.Accepted + 1}, got {header.Sequence}"));
                _budget.Release(length);
                return false;
            }

            // The client no longer holds the frames in between: they were acknowledged and then lost
            // here (OS crash, deleted state). Refusing would stall this source forever; say what is missing.
            WriterLog.LostAcknowledgedFrames(_logger, source.Name, source.Accepted + 1, header.Sequence - 1);
            RecordLoss(session.Exchange, session.Symbol, "all", FormattableString.Invariant(
                $"frames {source.Accepted + 1}..{header.Sequence - 1} of {source.Name} were acknowledged and then lost (OS crash or lost writer state)"));
        }

        session.ReceivedData = true;
        Accept(session, header, payload);
        source.Accepted = header.Sequence;
        return true;
    }

    private void Accept(PeerSession session, FrameHeader header, ReadOnlySpan<byte> rows)
    {
        if (rows.IsEmpty)
        {
            return; // Nothing to write; the sequence still counts.
        }

        var time = header.ExchangeTimeMs;
        if (time < 0 || time > MaxExchangeTimeMs)
        {
            WriterLog.BadExchangeTime(_logger, session.Source.Name, time);
            time = 0; // Kept, in the 1970-01-01 file where it is easy to spot, rather than dropped.
        }

        var day = StreamCatalog.UtcDay(time);
        var hour = _hourly ? DayFilePaths.HourOf(time) : PartNames.WholeDay;
        var slot = (int)header.StreamType;
        var file = session.FileByStream[slot];
        if (file is not { Closed: false } || file.Key.Day != day || file.Key.Hour != hour)
        {
            file = FileFor(new DayFileKey(session.Symbol, header.StreamType, day, hour, session.Exchange));
            session.FileByStream[slot] = file;
        }

        AppendRows(file, rows, header.ExchangeTimeMs);
        if (header.StreamType != StreamType.Events && _unwrittenFrameTimes.Count < MaxLatencySamples)
        {
            // Events rows carry local time, not exchange time. Beyond the cap (a disk refusing for long)
            // the histogram skips frames rather than growing without bound.
            _unwrittenFrameTimes.Add(header.ExchangeTimeMs);
        }
    }

    /// <summary>Buffers complete rows for a file. The caller has taken their bytes from the budget.</summary>
    private void AppendRows(DayFile file, ReadOnlySpan<byte> rows, long exchangeTimeMs)
    {
        if (file.Pending.Count == 0)
        {
            _filesWithRows.Add(file);
        }

        file.Pending.Append(rows);
        long added = rows.Length;
        var rowCount = (long)rows.Count((byte)'\n');
        if (rows[^1] != '\n')
        {
            // Rows must be complete; a torn last row would glue onto the next frame's first row.
            file.Pending.Append("\n"u8);
            _budget.Take(1);
            added++;
            rowCount++;
            _stats.MalformedFrame();
        }

        var now = _time.GetUtcNow();
        file.PendingRows += rowCount;
        file.LastRowAt = now;
        _pendingBytes += added;
        _stats.Buffered(_pendingBytes);
        _stats.Accepted(file.Key.Stream, rowCount, exchangeTimeMs, now.ToUnixTimeMilliseconds() * 1000);
    }

    /// <summary>
    /// Writes a <c>gap</c> row of the writer's own into a symbol's events file, so a loss the writer can
    /// see (acknowledged rows gone after an OS crash) is recorded where users look for holes, not only in the log.
    /// </summary>
    public void RecordLoss(string exchange, string symbol, string stream, string detail)
    {
        var now = _time.GetUtcNow();
        var row = new CsvRowBuilder(256);
        row.Long(now.ToUnixTimeMilliseconds() * 1000).Text(stream).Text("gap").Empty().Empty().Text("writer: " + detail).EndRow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var file = FileFor(new DayFileKey(symbol, StreamType.Events, StreamCatalog.UtcDay(nowMs), _hourly ? DayFilePaths.HourOf(nowMs) : PartNames.WholeDay, exchange));
        _budget.Take(row.Length);
        AppendRows(file, row.WrittenSpan, now.ToUnixTimeMilliseconds());
        _flushDue = true;
    }

    private DayFile FileFor(DayFileKey key)
    {
        if (!_files.TryGetValue(key, out var file))
        {
            var stream = StreamCatalog.Get(key.Stream)!;
            var relative = DayFilePaths.RelativePath(key.Symbol, stream, key.Day, key.Hour, _staging, key.Exchange);
            var headerRow = stream.Type == StreamType.OrderBook ? StreamCatalog.OrderBookHeader(_options.OrderBookDepth) : stream.Header;
            file = new DayFile(key, stream, relative, DayFilePaths.Absolute(_options.DataDir, relative), Encoding.UTF8.GetBytes(headerRow + "\n"));
            _files[key] = file;
            Reopened(relative);
            _stats.FilesOpen(_files.Count);
        }

        return file;
    }
}

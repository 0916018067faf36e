using Streamer.Core.Status;
using Streamer.Core.Streams;

namespace Streamer.Writer.Status;

/// <summary>
/// Counters of the writer, updated by the engine and connections and read once a second for the
/// status line. Plain fields with Interlocked/Volatile access: a torn read of a statistic is harmless.
/// </summary>
public sealed class WriterStats
{
    private readonly long[] _frames = new long[16];
    private readonly long[] _rows = new long[16];
    private readonly long[] _lastEventMs = new long[16];
    private readonly long[] _lastLocalUs = new long[16];
    private long _rowsWritten;
    private long _bytesWritten;
    private long _filesOpen;
    private long _connections;
    private long _ackedSequences;
    private long _diskErrors;
    private long _malformed;
    private long _resendsDropped;
    private long _protocolErrors;
    private long _compressedFiles;
    private long _bufferedBytes;
    private volatile string _state = "starting";
    private volatile string? _detail;

    /// <summary>Rows handed to the OS since start.</summary>
    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    /// <summary>Bytes handed to the OS since start.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Failed disk operations since start.</summary>
    public long DiskErrors => Interlocked.Read(ref _diskErrors);

    /// <summary>Frames that closed their connection as malformed.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Connections currently open.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Exchange-to-disk latency of data frames.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>starting, writing, disk-full, draining.</summary>
    public string State => _state;

    internal void SetState(string state, string? detail = null)
    {
        _detail = detail;
        _state = state;
    }

    internal void Accepted(StreamType stream, long rows, long exchangeTimeMs, long localTimeUs)
    {
        var i = (int)stream & 15;
        _frames[i]++;
        _rows[i] += rows;
        if (exchangeTimeMs > _lastEventMs[i])
        {
            _lastEventMs[i] = exchangeTimeMs;
        }

        _lastLocalUs[i] = localTimeUs;
    }

    internal void Written(long rows, long bytes)
    {
        Interlocked.Add(ref _rowsWritten, rows);
        Interlocked.Add(ref _bytesWritten, bytes);
    }

    /// <summary>Bytes accepted by the engine and not yet written to the OS (grows while the disk refuses).</summary>
    internal void Buffered(long bytes) => Interlocked.Exchange(ref _bufferedBytes, bytes);

    internal void FilesOpen(long count) => Interlocked.Exchange(ref _filesOpen, count);

    internal void ConnectionOpened() => Interlocked.Increment(ref _connections);

    internal void ConnectionClosed() => Interlocked.Decrement(ref _connections);

    internal void Acked(long sequences) => Interlocked.Add(ref _ackedSequences, sequences);

    internal void DiskError() => Interlocked.Increment(ref _diskErrors);

    internal void MalformedFrame() => Interlocked.Increment(ref _malformed);

    internal void ResendDropped() => Interlocked.Increment(ref _resendsDropped);

    internal void ProtocolError() => Interlocked.Increment(ref _protocolErrors);

    internal void Compressed() => Interlocked.Increment(ref _compressedFiles);

    /// <summary>The status report of the writer process.</summary>
    public ChildStatus Snapshot()
    {
        var streams = new Dictionary<string, StreamStatus>(StringComparer.Ordinal);
        foreach (var s in StreamCatalog.All)
        {
            var i = (int)s.Type & 15;
            var frames = Volatile.Read(ref _frames[i]);
            if (frames > 0)
            {
                streams[s.ConfigName] = new StreamStatus(frames, Volatile.Read(ref _rows[i]), Volatile.Read(ref _lastEventMs[i]), Volatile.Read(ref _lastLocalUs[i]));
            }
        }

        var status = new ChildStatus
        {
            Role = "writer",
            State = _state,
            Detail = _detail,
            Streams = streams,
            Counters = new Dictionary<string, long>(StringComparer.Ordinal)
            {
                ["rows_written"] = RowsWritten,
                ["bytes_written"] = BytesWritten,
                ["files_open"] = Interlocked.Read(ref _filesOpen),
                ["connections"] = Connections,
                ["acked_sequences"] = Interlocked.Read(ref _ackedSequences),
                ["disk_errors"] = DiskErrors,
                ["malformed"] = Malformed,
                ["resends_dropped"] = Interlocked.Read(ref _resendsDropped),
                ["protocol_errors"] = Interlocked.Read(ref _protocolErrors),
                ["files_compressed"] = Interlocked.Read(ref _compressedFiles),
                ["buffered_bytes"] = Interlocked.Read(ref _bufferedBytes),
            },
        };
        Latency.AddTo(status.Counters);
        return status;
    }
}

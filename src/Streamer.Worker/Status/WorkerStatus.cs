using Streamer.Core.Status;
using Streamer.Core.Streams;

namespace Streamer.Worker.Status;

/// <summary>
/// The worker's counters, updated from the receive loops and backfills, read once a second into a
/// <see cref="ChildStatus"/> (counter names from its documentation).
/// </summary>
internal sealed class WorkerStatus
{
    private static readonly int Slots = Enum.GetValues<StreamType>().Length;

    private readonly long[] _messages = new long[Slots];
    private readonly long[] _rows = new long[Slots];
    private readonly long[] _lastEventMs = new long[Slots];
    private readonly long[] _lastLocalUs = new long[Slots];
    private long _reconnects;
    private long _gaps;
    private long _backfilledTrades;
    private long _backfilledKlines;
    private long _resyncs;
    private long _malformed;
    private long _duplicates;
    private long _rollovers;
    private long _snapshots;
    private volatile string _state = "starting";
    private volatile string? _detail;

    public string State => _state;

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long Gaps => Interlocked.Read(ref _gaps);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long BackfilledTrades => Interlocked.Read(ref _backfilledTrades);

    public long Resyncs => Interlocked.Read(ref _resyncs);

    public long Malformed => Interlocked.Read(ref _malformed);

    public long Snapshots => Interlocked.Read(ref _snapshots);

    public long Rollovers => Interlocked.Read(ref _rollovers);

    public void SetState(string state, string? detail = null)
    {
        _state = state;
        _detail = detail;
    }

    public void Message(StreamType stream, long eventTimeMs, long localTimeUs)
    {
        var s = (int)stream;
        Interlocked.Increment(ref _messages[s]);
        Volatile.Write(ref _lastEventMs[s], eventTimeMs);
        Volatile.Write(ref _lastLocalUs[s], localTimeUs);
    }

    public void Rows(StreamType stream, int rows) => Interlocked.Add(ref _rows[(int)stream], rows);

    public void Reconnect() => Interlocked.Increment(ref _reconnects);

    public void Gap() => Interlocked.Increment(ref _gaps);

    public void Backfilled(StreamType stream, int rows)
    {
        if (stream is StreamType.AggTrade or StreamType.Trade)
        {
            Interlocked.Add(ref _backfilledTrades, rows);
        }
        else
        {
            Interlocked.Add(ref _backfilledKlines, rows);
        }
    }

    public void Resync() => Interlocked.Increment(ref _resyncs);

    public void MalformedMessage() => Interlocked.Increment(ref _malformed);

    public void Duplicate() => Interlocked.Increment(ref _duplicates);

    public void Rollover() => Interlocked.Increment(ref _rollovers);

    public void Snapshot() => Interlocked.Increment(ref _snapshots);

    /// <summary>The status line content.</summary>
    public ChildStatus ToChildStatus(string symbol, IEnumerable<StreamInfo> streams, long restWeightUsed, long unackedFrames, bool banned)
    {
        var status = new ChildStatus
        {
            Role = "worker",
            Symbol = symbol,
            State = banned && _state == "streaming" ? "banned" : _state,
            Detail = banned ? "REST banned by Binance (HTTP 418): backfill and snapshots wait" : _detail,
        };
        foreach (var stream in streams.Append(StreamCatalog.DepthSnapshot).Append(StreamCatalog.Events))
        {
            var s = (int)stream.Type;
            status.Streams[stream.ConfigName] = new StreamStatus(
                Interlocked.Read(ref _messages[s]), Interlocked.Read(ref _rows[s]),
                Volatile.Read(ref _lastEventMs[s]), Volatile.Read(ref _lastLocalUs[s]));
        }

        status.Counters["reconnects"] = Reconnects;
        status.Counters["gaps"] = Gaps;
        status.Counters["backfilled_trades"] = BackfilledTrades;
        status.Counters["backfilled_klines"] = Interlocked.Read(ref _backfilledKlines);
        status.Counters["resyncs"] = Resyncs;
        status.Counters["malformed"] = Malformed;
        status.Counters["duplicates_dropped"] = Interlocked.Read(ref _duplicates);
        status.Counters["rollovers"] = Rollovers;
        status.Counters["snapshots"] = Snapshots;
        status.Counters["rest_weight_used"] = restWeightUsed;
        status.Counters["unacked_frames"] = unackedFrames;
        return status;
    }
}

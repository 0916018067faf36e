using Streamer.Binance;
using Streamer.Core.Csv;
using Streamer.Core.Streams;

namespace Streamer.Worker.Output;

/// <summary>Kinds of rows in the events file (DESIGN section 3).</summary>
internal static class EventKinds
{
    public const string Disconnect = "disconnect";
    public const string Reconnect = "reconnect";
    public const string Rollover = "rollover";
    public const string Backfill = "backfill";
    public const string Gap = "gap";
    public const string Resync = "resync";
    public const string Snapshot = "snapshot";
    public const string Rejected = "rejected";

    /// <summary>The writer was away (or a predecessor's journal was delivered): rows of that time reach the files late, none is lost.</summary>
    public const string WriterOutage = "writer_outage";
}

/// <summary>
/// Writes rows of the events file (<c>local_time_us,stream,kind,from_id,to_id,detail</c>): everything a user
/// needs to know where data is missing or was repaired. The frame's time is the local time, which picks the day.
/// </summary>
internal sealed class EventLog(RowOutput output, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly CsvRowBuilder _row = new(512);

    public async ValueTask WriteAsync(string stream, string kind, long? fromId, long? toId, string detail, CancellationToken ct)
    {
        var local = LocalClock.MicrosecondsNow(time);
        byte[] bytes;
        lock (_lock)
        {
            _row.Clear();
            _row.Long(local).Text(stream).Text(kind);
            _ = fromId is { } from ? _row.Long(from) : _row.Empty();
            _ = toId is { } to ? _row.Long(to) : _row.Empty();
            _row.Text(detail).EndRow();
            bytes = _row.WrittenSpan.ToArray();
        }

        await output.WriteAsync(StreamType.Events, local / 1000, bytes, 1, ct).ConfigureAwait(false);
    }
}

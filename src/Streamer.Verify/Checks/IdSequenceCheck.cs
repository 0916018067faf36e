using Streamer.Core.Streams;
using Streamer.Verify.Report;

namespace Streamer.Verify.Checks;

/// <summary>
/// Ids that must follow each other in fixed steps: aggtrade <c>agg_trade_id</c> (step 1) and the open
/// times of closed klines (step one minute; open candles written with kline_all_updates are skipped); Bybit's trade
/// <c>seq</c> only increases (step 0: no gap can be seen, duplicates and disorder can).
/// A jump is a gap (explained by <see cref="GapCoverage"/>); an id not above the highest one seen is a duplicate.
/// State carries over from one day to the next, so a hole at midnight is found too.
/// </summary>
internal sealed class IdSequenceCheck : IRowCheck
{
    private readonly string _stream;
    private readonly int _idColumn;
    private readonly long _step;
    private readonly int _closedColumn;
    private readonly GapCoverage _coverage;
    private DayResult? _day;
    private long? _last;
    private FileLine _lastAt;
    private long _lastTimeMs;

    private IdSequenceCheck(StreamInfo stream, string idColumn, long step, string? closedColumn, GapCoverage coverage)
    {
        var layout = StreamLayout.For(stream);
        _stream = stream.ConfigName;
        _idColumn = layout.Index(idColumn);
        _step = step;
        _closedColumn = closedColumn is null ? -1 : layout.Index(closedColumn);
        _coverage = coverage;
    }

    /// <summary>Streams with gapless ids, and their check; null for the others.</summary>
    public static IdSequenceCheck? For(StreamInfo stream, GapCoverage coverage)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.Type switch
        {
            StreamType.AggTrade => new IdSequenceCheck(stream, "agg_trade_id", 1, null, coverage),
            StreamType.Kline1m => new IdSequenceCheck(stream, "open_time", 60_000, "is_closed", coverage),

            // Bybit's trade seq has holes by design: only order and duplicates can be checked; the worker's events say where trades may be missing.
            StreamType.Trade => new IdSequenceCheck(stream, "seq", 0, null, coverage),
            _ => null,
        };
    }

    public void Begin(DayResult day) => _day = day;

    /// <summary>Forgets the previous id: the next day read does not follow the last one.</summary>
    public void Reset() => _last = null;

    public void Row(in RowView row)
    {
        if (_closedColumn >= 0 && !row.Field(_closedColumn).SequenceEqual("true"u8))
        {
            return;
        }

        var id = row.Integer(_idColumn);
        if (_last is { } last)
        {
            if (id <= last)
            {
                _day!.Add(new Duplicate(id, last, row.At));
                return;
            }

            if (_step != 0 && id != last + _step)
            {
                Gap(last, id, row);
            }
        }

        _last = id;
        _lastAt = row.At;
        _lastTimeMs = row.TimeMs;
    }

    private void Gap(long last, long id, in RowView row)
    {
        var gap = new IdGap
        {
            From = last + _step,
            To = id - _step,
            Missing = (id - last - 1) / _step,
            Before = _lastAt,
            After = row.At,
            TimeBeforeMs = _lastTimeMs,
            TimeAfterMs = row.TimeMs,
        };
        _coverage.Explain(_stream, gap);
        _day!.Add(gap);
    }
}

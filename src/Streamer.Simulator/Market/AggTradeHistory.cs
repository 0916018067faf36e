namespace Streamer.Simulator.Market;

/// <summary>
/// The aggTrades <c>/fapi/v1/aggTrades</c> can still return: a ring of the newest N. Ids are
/// consecutive, so a slot is found by arithmetic and a time by binary search (times never decrease).
/// </summary>
internal sealed class AggTradeHistory
{
    private readonly AggTradeRecord[] _ring;
    private long _firstId = -1;
    private long _count;

    public AggTradeHistory(int capacity) => _ring = new AggTradeRecord[capacity];

    public long NewestId => _count == 0 ? -1 : _firstId + _count - 1;

    public long OldestId => _count == 0 ? -1 : _firstId + Math.Max(0, _count - _ring.Length);

    public void Add(in AggTradeRecord record)
    {
        if (_count == 0)
        {
            _firstId = record.Id;
        }

        _ring[(record.Id - _firstId) % _ring.Length] = record;
        _count++;
    }

    /// <summary>
    /// Binance's rules: fromId wins (clamped to the oldest kept, so a client sees the gap);
    /// otherwise from startTime; otherwise the newest. endTime bounds the result in every case.
    /// </summary>
    public void Query(long? fromId, long? startTime, long? endTime, int limit, List<AggTradeRecord> output)
    {
        if (_count == 0)
        {
            return;
        }

        var oldest = OldestId;
        var newest = NewestId;
        long start;
        if (fromId is { } from)
        {
            start = Math.Max(from, oldest);
        }
        else if (startTime is { } since)
        {
            start = FirstAtOrAfter(since, oldest, newest);
        }
        else if (endTime is { } until)
        {
            start = Math.Max(oldest, LastAtOrBefore(until, oldest, newest) - limit + 1);
        }
        else
        {
            start = Math.Max(oldest, newest - limit + 1);
        }

        for (var id = start; id <= newest && output.Count < limit; id++)
        {
            var record = At(id);
            if (endTime is { } end && record.Time > end)
            {
                break;
            }

            output.Add(record);
        }
    }

    private AggTradeRecord At(long id) => _ring[(id - _firstId) % _ring.Length];

    private long FirstAtOrAfter(long time, long low, long high)
    {
        var result = high + 1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            if (At(mid).Time >= time)
            {
                result = mid;
                high = mid - 1;
            }
            else
            {
                low = mid + 1;
            }
        }

        return result;
    }

    private long LastAtOrBefore(long time, long low, long high)
    {
        var result = low - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            if (At(mid).Time <= time)
            {
                result = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return result;
    }
}

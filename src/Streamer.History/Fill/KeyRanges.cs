namespace Streamer.History.Fill;

/// <summary>The ids (or kline open times) a day is missing: ranges from verify's holes, or the whole day when it has no file.</summary>
internal sealed class KeyRanges
{
    private readonly List<(long From, long To)> _ranges = [];

    public bool WholeDay { get; private set; }

    public IReadOnlyList<(long From, long To)> Ranges => _ranges;

    public void Add(long from, long to) => _ranges.Add((from, to));

    public void AddWholeDay()
    {
        WholeDay = true;
        _ranges.Add((long.MinValue, long.MaxValue));
    }

    public bool Contains(long key)
    {
        foreach (var (from, to) in _ranges)
        {
            if (key >= from && key <= to)
            {
                return true;
            }
        }

        return false;
    }
}

namespace Streamer.Verify.Checks;

/// <summary>The <c>last_update_id</c>s of the depth snapshots recorded for a symbol, for resolving depth breaks.</summary>
internal sealed class SnapshotIds
{
    private readonly List<long> _ids = [];
    private bool _sorted = true;

    public int Count => _ids.Count;

    public void Add(long lastUpdateId)
    {
        if (_ids.Count > 0 && _ids[^1] >= lastUpdateId)
        {
            _sorted = false;
        }

        _ids.Add(lastUpdateId);
    }

    /// <summary>The smallest snapshot id that is at least <paramref name="id"/>, if any.</summary>
    public long? FirstAtOrAbove(long id)
    {
        if (!_sorted)
        {
            _ids.Sort();
            _sorted = true;
        }

        var i = _ids.BinarySearch(id);
        if (i < 0)
        {
            i = ~i;
        }

        return i < _ids.Count ? _ids[i] : null;
    }
}

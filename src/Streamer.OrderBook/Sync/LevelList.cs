using Streamer.OrderBook.Books;

namespace Streamer.OrderBook.Sync;

/// <summary>A reusable, growable list of price levels: cleared and refilled per message without allocating.</summary>
public sealed class LevelList
{
    private PriceLevel[] _items;

    /// <summary>Creates a list with room for <paramref name="capacity"/> levels.</summary>
    public LevelList(int capacity = 64) => _items = new PriceLevel[Math.Max(1, capacity)];

    /// <summary>Number of levels.</summary>
    public int Count { get; private set; }

    /// <summary>The levels, in the order they were added.</summary>
    public ReadOnlySpan<PriceLevel> Span => _items.AsSpan(0, Count);

    /// <summary>Appends a level.</summary>
    public void Add(decimal price, decimal quantity)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = new PriceLevel(price, quantity);
    }

    /// <summary>Forgets every level, keeping the storage.</summary>
    public void Clear() => Count = 0;

    /// <summary>Replaces the contents with those of <paramref name="other"/>.</summary>
    public void CopyFrom(LevelList other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_items.Length < other.Count)
        {
            _items = new PriceLevel[other._items.Length];
        }

        other.Span.CopyTo(_items);
        Count = other.Count;
    }
}

namespace Streamer.OrderBook.Books;

/// <summary>
/// One side of a <see cref="LocalOrderBook"/>: price levels kept sorted in two parallel arrays.
/// </summary>
/// <remarks>
/// The arrays are ordered from the worst price to the best (bids ascending, asks descending), so the
/// best level is the last element. Almost all real updates touch prices near the top of the book, and
/// inserting or removing there shifts only the few elements above it. Lookups are binary searches.
/// Nothing is allocated per update; the arrays double when full (real books grow past 5000 levels).
/// </remarks>
public sealed class BookSide
{
    private const int InitialCapacity = 1024;

    private readonly bool _isBid;
    private decimal[] _prices = new decimal[InitialCapacity];
    private decimal[] _quantities = new decimal[InitialCapacity];
    private int _count;

    internal BookSide(bool isBid) => _isBid = isBid;

    /// <summary>True for the bid side.</summary>
    public bool IsBid => _isBid;

    /// <summary>Number of price levels.</summary>
    public int Count => _count;

    /// <summary>The best level (highest bid, lowest ask); false when the side is empty.</summary>
    public bool TryGetBest(out PriceLevel best)
    {
        if (_count == 0)
        {
            best = default;
            return false;
        }

        best = new PriceLevel(_prices[_count - 1], _quantities[_count - 1]);
        return true;
    }

    /// <summary>The level <paramref name="depth"/> steps from the best (0 = best).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="depth"/> is not below <see cref="Count"/>.</exception>
    public PriceLevel this[int depth]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(depth);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(depth, _count);
            var i = _count - 1 - depth;
            return new PriceLevel(_prices[i], _quantities[i]);
        }
    }

    /// <summary>Copies up to <c>destination.Length</c> levels, best first; returns how many were copied.</summary>
    public int CopyTop(Span<PriceLevel> destination)
    {
        var n = Math.Min(destination.Length, _count);
        for (var d = 0; d < n; d++)
        {
            var i = _count - 1 - d;
            destination[d] = new PriceLevel(_prices[i], _quantities[i]);
        }

        return n;
    }

    /// <summary>Quantity at exactly <paramref name="price"/>, or 0 when there is no such level.</summary>
    public decimal QuantityAt(decimal price)
    {
        var i = Find(price);
        return i >= 0 ? _quantities[i] : 0m;
    }

    /// <summary>
    /// Sets the absolute quantity at <paramref name="price"/>; 0 removes the level. The stored price takes
    /// the scale of the latest update, so it prints as the exchange last sent it.
    /// </summary>
    public void Set(decimal price, decimal quantity)
    {
        var i = Find(price);
        if (i >= 0)
        {
            if (quantity == 0m)
            {
                RemoveAt(i);
            }
            else
            {
                _prices[i] = price;
                _quantities[i] = quantity;
            }
        }
        else if (quantity != 0m)
        {
            InsertAt(~i, price, quantity);
        }
    }

    /// <summary>Removes every level, keeping the arrays.</summary>
    public void Clear() => _count = 0;

    /// <summary>Index of <paramref name="price"/>, or the bitwise complement of where it belongs.</summary>
    private int Find(decimal price)
    {
        var lo = 0;
        var hi = _count - 1;
        var prices = _prices;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var c = decimal.Compare(prices[mid], price);
            if (!_isBid)
            {
                c = -c;
            }

            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    private void InsertAt(int index, decimal price, decimal quantity)
    {
        if (_count == _prices.Length)
        {
            Array.Resize(ref _prices, _prices.Length * 2);
            Array.Resize(ref _quantities, _quantities.Length * 2);
        }

        if (index < _count)
        {
            Array.Copy(_prices, index, _prices, index + 1, _count - index);
            Array.Copy(_quantities, index, _quantities, index + 1, _count - index);
        }

        _prices[index] = price;
        _quantities[index] = quantity;
        _count++;
    }

    private void RemoveAt(int index)
    {
        _count--;
        if (index < _count)
        {
            Array.Copy(_prices, index + 1, _prices, index, _count - index);
            Array.Copy(_quantities, index + 1, _quantities, index, _count - index);
        }
    }
}

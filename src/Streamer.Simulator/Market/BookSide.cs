namespace Streamer.Simulator.Market;

/// <summary>
/// One side of the book as two parallel sorted arrays with the best level at the end, so the
/// operations markets do most (touch the top, add near the top) move few elements. Keys are the
/// price for bids and minus the price for asks, so one ascending search serves both sides.
/// </summary>
internal sealed class BookSide
{
    private readonly bool _isBid;
    private long[] _keys = new long[2048];
    private long[] _quantities = new long[2048];
    private int _count;

    public BookSide(bool isBid) => _isBid = isBid;

    public bool IsBid => _isBid;

    public int Count => _count;

    public bool IsEmpty => _count == 0;

    public long BestPrice => PriceAt(0);

    public long BestQuantity => QuantityAt(0);

    /// <summary>Price of the level <paramref name="depth"/> steps from the best (0 = best).</summary>
    public long PriceAt(int depth) => ToPrice(_keys[_count - 1 - depth]);

    public long QuantityAt(int depth) => _quantities[_count - 1 - depth];

    public long Get(long price)
    {
        var index = Array.BinarySearch(_keys, 0, _count, ToKey(price));
        return index >= 0 ? _quantities[index] : 0;
    }

    /// <summary>Sets an absolute quantity; 0 removes the level, as in a depth diff.</summary>
    public void Set(long price, long quantity)
    {
        var key = ToKey(price);
        var index = Array.BinarySearch(_keys, 0, _count, key);
        if (index >= 0)
        {
            if (quantity > 0)
            {
                _quantities[index] = quantity;
                return;
            }

            Array.Copy(_keys, index + 1, _keys, index, _count - index - 1);
            Array.Copy(_quantities, index + 1, _quantities, index, _count - index - 1);
            _count--;
            return;
        }

        if (quantity <= 0)
        {
            return;
        }

        index = ~index;
        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, _count * 2);
            Array.Resize(ref _quantities, _count * 2);
        }

        Array.Copy(_keys, index, _keys, index + 1, _count - index);
        Array.Copy(_quantities, index, _quantities, index + 1, _count - index);
        _keys[index] = key;
        _quantities[index] = quantity;
        _count++;
    }

    /// <summary>Copies up to <paramref name="limit"/> levels from the best outwards.</summary>
    public int CopyTop(int limit, Span<long> prices, Span<long> quantities)
    {
        var n = Math.Min(limit, _count);
        for (var i = 0; i < n; i++)
        {
            prices[i] = PriceAt(i);
            quantities[i] = QuantityAt(i);
        }

        return n;
    }

    private long ToKey(long price) => _isBid ? price : -price;

    private long ToPrice(long key) => _isBid ? key : -key;
}

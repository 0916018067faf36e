namespace Streamer.Pipes.Clients;

/// <summary>A growable circular queue with O(1) indexing, for kept frames whose numbers are contiguous.</summary>
internal sealed class FrameRing<T>
{
    private T[] _items = new T[64];
    private int _head;

    public int Count { get; private set; }

    public T this[int index] => _items[(_head + index) % _items.Length];

    public T Front => _items[_head];

    public void PushBack(T item)
    {
        if (Count == _items.Length)
        {
            var bigger = new T[_items.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                bigger[i] = this[i];
            }

            _items = bigger;
            _head = 0;
        }

        _items[(_head + Count) % _items.Length] = item;
        Count++;
    }

    public T PopFront()
    {
        var item = _items[_head];
        _items[_head] = default!;
        _head = (_head + 1) % _items.Length;
        Count--;
        if (Count == 0)
        {
            _head = 0;
        }

        return item;
    }
}

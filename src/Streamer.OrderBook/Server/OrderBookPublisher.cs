using Streamer.Core.Status;

namespace Streamer.OrderBook.Server;

/// <summary>The two clocks of the process: an orderbook row per synced book every interval, and the status line every second.</summary>
internal sealed class OrderBookPublisher
{
    private readonly BookRegistry _books;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Action<ChildStatus> _publishStatus;
    private readonly TimeSpan _statusInterval;

    public OrderBookPublisher(BookRegistry books, TimeSpan interval, TimeProvider time, Action<ChildStatus> publishStatus, TimeSpan statusInterval)
    {
        _books = books;
        _interval = interval;
        _time = time;
        _publishStatus = publishStatus;
        _statusInterval = statusInterval;
    }

    /// <summary>Writes the rows of synced books each interval; also retries snapshot requests of books still waiting.</summary>
    public async Task RunRowsAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var nowUs = UnixTime.Microseconds(_time.GetUtcNow());
                foreach (var book in _books.Books)
                {
                    book.PublishRow(nowUs);
                    if (book.Connection is { } connection)
                    {
                        await connection.RequestSnapshotIfDueAsync(book, ct).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Publishes the status line every status interval, and once more when stopping.</summary>
    public async Task RunStatusAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_statusInterval, _time);
        try
        {
            do
            {
                _publishStatus(OrderBookStatus.Build(_books.Books, _time.GetUtcNow()));
            }
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}

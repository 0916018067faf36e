using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Streamer.Core.Exchanges;
using Streamer.Pipes;

namespace Streamer.OrderBook.Server;

/// <summary>
/// The books of the process, one per symbol of each exchange (keyed by <see cref="ExchangePaths.Key"/>, so BTCUSDT
/// of two markets are two books), created for every configured symbol at start and for any other symbol whose
/// worker connects (symbols added to config.yaml while running).
/// </summary>
internal sealed class BookRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, SymbolBook> _books = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _creating = new(1, 1);
    private readonly int _depth;
    private readonly Func<string, string, CancellationToken, ValueTask<IFrameSink>> _sinks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public BookRegistry(int depth, Func<string, string, CancellationToken, ValueTask<IFrameSink>> sinks, TimeProvider time, ILogger logger)
    {
        _depth = depth;
        _sinks = sinks;
        _time = time;
        _logger = logger;
    }

    /// <summary>Every book, by key.</summary>
    public IReadOnlyList<SymbolBook> Books => [.. _books.Values.OrderBy(b => b.Key, StringComparer.Ordinal)];

    /// <summary>The book of <paramref name="symbol"/> of the default exchange.</summary>
    public ValueTask<SymbolBook> GetAsync(string symbol, CancellationToken ct) => GetAsync(ExchangeIds.Default, symbol, ct);

    /// <summary>The book of <paramref name="symbol"/> of <paramref name="exchange"/>, created with its writer output on first use.</summary>
    public async ValueTask<SymbolBook> GetAsync(string exchange, string symbol, CancellationToken ct)
    {
        var key = ExchangePaths.Key(exchange, symbol);
        if (_books.TryGetValue(key, out var book))
        {
            return book;
        }

        await _creating.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_books.TryGetValue(key, out book))
            {
                var sink = await _sinks(exchange, symbol, ct).ConfigureAwait(false);
                book = new SymbolBook(exchange, symbol, _depth, new BookOutput(key, sink, _logger), _time, _logger);
                _books[key] = book;
            }

            return book;
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>Hands every queued row to the writer and waits for it, at most until <paramref name="ct"/>.</summary>
    public async Task<bool> CompleteAsync(CancellationToken ct) =>
        (await Task.WhenAll(_books.Values.Select(b => b.Output.CompleteAsync(ct))).ConfigureAwait(false)).All(safe => safe);

    public void Dispose()
    {
        foreach (var book in _books.Values)
        {
            book.Output.Dispose();
        }

        _creating.Dispose();
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Streamer.Pipes;
using Streamer.Core.Streams;
using Streamer.Pipes.Clients;

namespace Streamer.OrderBook.Server;

/// <summary>
/// Rows of one symbol (named by its key) on their way to the writer. Book code never waits for the writer: rows are
/// queued (bounded) and one pump hands them to the symbol's <see cref="IFrameSink"/>, which applies its
/// own backpressure and durability.
/// </summary>
internal sealed class BookOutput : IDisposable
{
    private const int Capacity = 1024;

    private readonly string _key;
    private readonly IFrameSink _sink;
    private readonly ILogger _logger;
    private readonly Channel<(StreamType Stream, long ExchangeTimeMs, byte[] Rows)> _queue =
        Channel.CreateBounded<(StreamType, long, byte[])>(new BoundedChannelOptions(Capacity) { SingleReader = true });

    private readonly CancellationTokenSource _abort = new();
    private readonly Task _pump;
    private long _written;
    private long _dropped;

    public BookOutput(string key, IFrameSink sink, ILogger logger)
    {
        _key = key;
        _sink = sink;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Frames handed to the sink.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>The writer link's unacknowledged frames (memory, journal); empty for other sinks (tests).</summary>
    public HandoffBacklog Backlog => _sink is WriterClient client ? client.Backlog : default;

    /// <summary>Frames dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues a copy of <paramref name="rows"/>; false (and counted) when the queue is full.</summary>
    public bool TryWrite(StreamType stream, long exchangeTimeMs, ReadOnlySpan<byte> rows)
    {
        if (_queue.Writer.TryWrite((stream, exchangeTimeMs, rows.ToArray())))
        {
            return true;
        }

        var dropped = Interlocked.Increment(ref _dropped);
        if (dropped == 1 || dropped % 100 == 0)
        {
            OrderBookLog.OutputDropped(_logger, _key, dropped);
        }

        return false;
    }

    /// <summary>
    /// Hands everything queued to the sink and waits for it to be written, at most until <paramref name="ct"/>; then
    /// closes the sink (a writer link journals what is still unwritten). False when rows could be neither written nor
    /// durably journalled.
    /// </summary>
    public async Task<bool> CompleteAsync(CancellationToken ct)
    {
        _queue.Writer.TryComplete();
        using (ct.Register(() => _abort.Cancel()))
        {
            try
            {
                await _pump.WaitAsync(ct).ConfigureAwait(false);
                await _sink.DrainAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Out of time: what the sink already holds is its business now.
            }
        }

        if (_sink is WriterClient client)
        {
            return (await client.CloseAsync().ConfigureAwait(false)).Safe;
        }

        if (_sink is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }

        return true;
    }

    public void Dispose() => _abort.Dispose();

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var (stream, time, rows) in _queue.Reader.ReadAllAsync(_abort.Token).ConfigureAwait(false))
            {
                try
                {
                    await _sink.WriteAsync(stream, time, rows, _abort.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _written);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A sink bug must not silence every later row of this symbol.
                    Interlocked.Increment(ref _dropped);
                    OrderBookLog.OutputFailed(_logger, ex, _key);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Aborted at shutdown.
        }
    }
}

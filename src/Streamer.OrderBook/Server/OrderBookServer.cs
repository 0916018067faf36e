using System.Collections.Concurrent;
using System.IO.Pipes;
using Microsoft.Extensions.Logging;

namespace Streamer.OrderBook.Server;

/// <summary>Accepts the workers' feed connections on the order book pipe, one connection per worker.</summary>
internal sealed class OrderBookServer
{
    private readonly string _pipeName;
    private readonly BookRegistry _books;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Task, byte> _connections = new();

    public OrderBookServer(string pipeName, BookRegistry books, ILogger logger)
    {
        _pipeName = pipeName;
        _books = books;
        _logger = logger;
    }

    /// <summary>Accepts connections until <paramref name="ct"/> is cancelled, then waits for them to end.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var pipe = new NamedPipeServerStream(_pipeName, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances,
                PipeTransmissionMode.Byte, PipeOptions.CurrentUserOnly | PipeOptions.Asynchronous);
            try
            {
                await pipe.WaitForConnectionAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await pipe.DisposeAsync().ConfigureAwait(false);
                break;
            }
            catch (IOException ex)
            {
                await pipe.DisposeAsync().ConfigureAwait(false);
                OrderBookLog.AcceptFailed(_logger, ex);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            var connection = new FeedConnection(pipe, _books, _logger);
            var task = Task.Run(() => connection.RunAsync(ct), CancellationToken.None);
            _connections[task] = 0;
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        await Task.WhenAll(_connections.Keys).ConfigureAwait(false);
    }

    /// <summary>Feed connections being served.</summary>
    public int ConnectionCount => _connections.Count;
}

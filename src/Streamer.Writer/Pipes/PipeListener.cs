using System.IO.Pipes;
using Microsoft.Extensions.Logging;

namespace Streamer.Writer.Pipes;

/// <summary>
/// Accepts clients on the writer's named pipe, any number at once (one per worker and per order-book
/// symbol). On Linux the pipe is a Unix domain socket restricted to the current user.
/// </summary>
internal sealed class PipeListener(string pipeName, Func<int, Stream, Task> serve, ILogger logger)
{
    /// <summary>Completes when listening starts, or faults when it cannot.</summary>
    public Task Listening => _listening.Task;

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Accepts until <paramref name="ct"/> is cancelled, then waits for every connection to end.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var connections = new List<Task>();
        var nextId = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                NamedPipeServerStream server;
                try
                {
                    server = new NamedPipeServerStream(pipeName, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances,
                        PipeTransmissionMode.Byte, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
                }
                catch (IOException e)
                {
                    WriterLog.ListenFailed(logger, pipeName, e.Message);
                    if (!_listening.Task.IsCompleted)
                    {
                        _listening.TrySetException(e);
                        return;
                    }

                    // Listening worked before (e.g. out of file descriptors now): try again shortly.
                    await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                    continue;
                }

                _listening.TrySetResult();
                try
                {
                    await server.WaitForConnectionAsync(ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                    await server.DisposeAsync().ConfigureAwait(false);
                    continue;
                }

                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(serve(++nextId, server));
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await Task.WhenAll(connections).ConfigureAwait(false);
        }
    }
}

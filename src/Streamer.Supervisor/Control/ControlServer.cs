using System.IO.Pipes;
using System.Text;
using Microsoft.Extensions.Logging;
using Streamer.Supervisor.Logging;

namespace Streamer.Supervisor.Control;

/// <summary>
/// Serves the supervisor's control pipe (current user only; see <see cref="ControlProtocol"/>). One
/// connection at a time: requests are rare and small, and a stuck client times out.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly string _pipeName;
    private readonly Func<string, CancellationToken, Task<string>> _handler;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <param name="pipeName">Pipe to serve.</param>
    /// <param name="handler">Answers a request line with a response line.</param>
    /// <param name="log">Supervisor log.</param>
    public ControlServer(string pipeName, Func<string, CancellationToken, Task<string>> handler, ILogger log)
    {
        _pipeName = pipeName;
        _handler = handler;
        _log = log;
    }

    /// <summary>Starts serving.</summary>
    public void Start() => _loop = Task.Run(() => ServeAsync(_stop.Token));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var server = new NamedPipeServerStream(_pipeName, PipeDirection.InOut, 1, PipeTransmissionMode.Byte,
                    PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
                await using (server.ConfigureAwait(false))
                {
                    await server.WaitForConnectionAsync(ct).ConfigureAwait(false);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(RequestTimeout);
                    await HandleAsync(server, timeout.Token).ConfigureAwait(false);
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or UnauthorizedAccessException)
            {
                SupervisorLog.ControlError(_log, e.Message);
                // A pipe that cannot be created at all (e.g. permissions) must turn neither into a busy
                // loop nor into a log line every half second for weeks: back off up to a minute.
                var delay = TimeSpan.FromMilliseconds(Math.Min(500 * Math.Pow(2, Math.Min(failures++, 7)), 60_000));
                try
                {
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task HandleAsync(Stream pipe, CancellationToken ct)
    {
        var request = await ReadLineAsync(pipe, ct).ConfigureAwait(false);
        var response = await _handler(request.Trim(), ct).ConfigureAwait(false);
        await pipe.WriteAsync(Encoding.UTF8.GetBytes(response + "\n"), ct).ConfigureAwait(false);
        await pipe.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Reads bytes up to a newline (bounded by <see cref="ControlProtocol.MaxRequestLength"/>).</summary>
    internal static async Task<string> ReadLineAsync(Stream pipe, CancellationToken ct)
    {
        var buffer = new byte[ControlProtocol.MaxRequestLength];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await pipe.ReadAsync(buffer.AsMemory(length, 1), ct).ConfigureAwait(false);
            if (n == 0 || buffer[length] == (byte)'\n')
            {
                break;
            }

            length += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}

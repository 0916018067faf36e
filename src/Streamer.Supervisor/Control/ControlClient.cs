using System.IO.Pipes;
using System.Text;

namespace Streamer.Supervisor.Control;

/// <summary>Sends one request to a supervisor's control pipe (<see cref="ControlProtocol"/>).</summary>
public static class ControlClient
{
    /// <summary>Sends <paramref name="request"/> and returns the answer line.</summary>
    /// <exception cref="IOException">No supervisor answers on that pipe.</exception>
    /// <exception cref="TimeoutException">It did not answer within <paramref name="timeout"/>.</exception>
    public static async Task<string> RequestAsync(string pipeName, string request, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            var client = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
            await using (client.ConfigureAwait(false))
            {
                await client.ConnectAsync(deadline.Token).ConfigureAwait(false);
                await client.WriteAsync(Encoding.UTF8.GetBytes(request + "\n"), deadline.Token).ConfigureAwait(false);
                await client.FlushAsync(deadline.Token).ConfigureAwait(false);
                using var reader = new StreamReader(client, Encoding.UTF8);
                return await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false)
                    ?? throw new IOException("the supervisor closed the control channel without answering");
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer on the control channel within {timeout.TotalSeconds:0} s");
        }
    }
}

using System.Net.WebSockets;

namespace Streamer.Simulator.WebSockets;

internal sealed partial class Connection
{
    private const int MaxRequestBytes = 64 * 1024;

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var count = 0;
        while (true)
        {
            if (count == buffer.Length)
            {
                if (buffer.Length >= MaxRequestBytes)
                {
                    RequestClose(WebSocketCloseStatus.MessageTooBig, "Request too large");
                    count = 0;
                    continue;
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            // Receiving is also what processes the client's pongs for the keep-alive.
            var result = await _socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                // The client's close (or its answer to ours): echo it once the queue is flushed.
                RequestClose(WebSocketCloseStatus.NormalClosure, "");
                return;
            }

            count += result.Count;
            if (!result.EndOfMessage)
            {
                continue;
            }

            var length = count;
            count = 0;
            if (Volatile.Read(ref _closing) == 1)
            {
                // Closing: keep reading only to see the client's close frame.
                continue;
            }

            if (!_incoming.Allow())
            {
                // Binance closes a connection that sends more than 10 messages per second.
                RequestClose(WebSocketCloseStatus.PolicyViolation, "Too many messages");
                continue;
            }

            HandleRequest(buffer.AsSpan(0, length));
        }
    }
}

using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace Streamer.Simulator.WebSockets;

internal sealed partial class Connection
{
    private static readonly byte[] MalformedFrame =
        Encoding.UTF8.GetBytes("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":17");

    /// <summary>Live path: never blocks the market. A full queue means the client is too slow: it is cut off.</summary>
    public void TryEnqueue(OutFrame frame)
    {
        if (IsStalled)
        {
            return;
        }

        if (!_queue.Writer.TryWrite(frame) && Volatile.Read(ref _closing) == 0 && !_abort.IsCancellationRequested)
        {
            _hub.CountSlowClient();
            Abort();
        }
    }

    /// <summary>Replay path: waits for room instead of disconnecting.</summary>
    public async ValueTask EnqueueAsync(OutFrame frame, CancellationToken cancellationToken)
    {
        if (IsStalled)
        {
            return;
        }

        try
        {
            await _queue.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The connection went away while the replay waited for it.
        }
    }

    /// <summary>Queues a text frame that is not valid JSON (fault injection).</summary>
    public void SendMalformed() => _queue.Writer.TryWrite(OutFrame.Whole(MalformedFrame));

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var frame))
            {
                var stalled = Volatile.Read(ref _stallUntil) - Stopwatch.GetTimestamp();
                if (stalled > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(stalled / (double)Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
                }

                await _socket.SendAsync(frame.For(_combined), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                _hub.CountSent();
            }
        }

        // The queue was completed: a close was requested, and everything before it has been sent.
        if (Volatile.Read(ref _closing) == 1 && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await _socket.CloseOutputAsync(_closeStatus, _closeDescription, cancellationToken).ConfigureAwait(false);
        }
    }
}

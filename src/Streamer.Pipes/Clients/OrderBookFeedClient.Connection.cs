using System.Buffers;
using System.IO.Pipelines;
using System.IO.Pipes;
using PipeOptions = System.IO.Pipes.PipeOptions;
using System.Text;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;

namespace Streamer.Pipes.Clients;

/// <summary>Connecting, reconnecting, sending and receiving.</summary>
public sealed partial class OrderBookFeedClient
{
    /// <summary>Bytes gathered into one pipe write: one system call per batch, not per frame.</summary>
    private const int BatchBytes = 256 * 1024;

    /// <summary>
    /// A local socket connects at once when the server listens. On Unix .NET polls while waiting, so a
    /// short attempt followed by the backoff delay costs less than one long attempt.
    /// </summary>
    private const long HealthyConnectionMs = 10_000;

    private async Task RunAsync(CancellationToken ct)
    {
        var delay = MinReconnectDelay;
        while (!ct.IsCancellationRequested)
        {
            string reason;
            try
            {
                using var pipe = new NamedPipeClientStream(".", _pipeName, PipeDirection.InOut, PipeOptions.CurrentUserOnly | PipeOptions.Asynchronous);
                // A single attempt: with a timeout, .NET on Unix spins a CPU core until the server
                // appears. The reconnect delay below sleeps instead.
                await pipe.ConnectAsync(0, ct).ConfigureAwait(false);

                var hello = Hello.Encode();
                var helloFrame = new ArrayBufferWriter<byte>(FrameCodec.HeaderSize + hello.Length);
                FrameCodec.Write(helloFrame, FrameKind.Hello, StreamType.None, 0, 0, hello);
                await pipe.WriteAsync(helloFrame.WrittenMemory, ct).ConfigureAwait(false);

                var connectedAt = Environment.TickCount64;
                reason = await ServeConnectionAsync(pipe, ct).ConfigureAwait(false);

                // Only a connection that stayed up resets the backoff: an order book that accepts and then
                // refuses (another version) must not be hammered every few milliseconds.
                delay = Environment.TickCount64 - connectedAt > HealthyConnectionMs
                    ? MinReconnectDelay
                    : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is IOException or TimeoutException or OperationCanceledException or UnauthorizedAccessException)
            {
                if (!_connected)
                {
                    FeedLog.ConnectFailed(_logger, _key, _pipeName, ex.Message, (long)delay.TotalMilliseconds);
                    await DelayAsync(delay, ct).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
                    continue;
                }

                reason = ex.Message;
            }
            catch (Exception ex)
            {
                // A bug: log it with its stack trace, but keep feeding; the book resyncs after the gap.
                FeedLog.Failed(_logger, ex, _key);
                reason = ex.Message;
            }
            finally
            {
                _connected = false;
            }

            FeedLog.Disconnected(_logger, _key, reason, FramesDropped);
            await DelayAsync(delay, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one connection until it ends; returns why it ended.</summary>
    private async Task<string> ServeConnectionAsync(NamedPipeClientStream pipe, CancellationToken ct)
    {
        Interlocked.Increment(ref _connection);
        Interlocked.Increment(ref _connects);
        _connected = true;
        FeedLog.Connected(_logger, _key, _pipeName);

        // A new connection starts a new book on the other side: it needs a snapshot.
        RaiseSnapshotRequested();

        using var connection = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receive = ReceiveAsync(pipe, connection.Token);
        var send = SendAsync(pipe, connection.Token);
        var first = await Task.WhenAny(receive, send).ConfigureAwait(false);
        _connected = false;
        await connection.CancelAsync().ConfigureAwait(false);
        string reason;
        try
        {
            reason = await first.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            reason = ex.Message;
        }

        try
        {
            await Task.WhenAll(receive, send).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The other loop noticed the same end.
        }

        ct.ThrowIfCancellationRequested();
        return reason;
    }

    private async Task<string> ReceiveAsync(NamedPipeClientStream pipe, CancellationToken ct)
    {
        var reader = PipeReader.Create(pipe, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(ct).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (FrameCodec.TryRead(ref buffer, out var header, out var payload))
                    {
                        switch (header.Kind)
                        {
                            case FrameKind.SnapshotRequest:
                                FeedLog.SnapshotRequested(_logger, _key);
                                RaiseSnapshotRequested();
                                break;
                            case FrameKind.HelloAck or FrameKind.Ack:
                                break;
                            case FrameKind.Reject:
                                var why = Encoding.UTF8.GetString(payload);
                                FeedLog.Rejected(_logger, _key, why);
                                return "rejected: " + why;
                            default:
                                FeedLog.Malformed(_logger, _key, $"unexpected {header.Kind} frame");
                                return $"unexpected {header.Kind} frame";
                        }
                    }
                }
                catch (FrameFormatException ex)
                {
                    FeedLog.Malformed(_logger, _key, ex.Message);
                    return ex.Message;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return "the order book closed the connection";
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task<string> SendAsync(NamedPipeClientStream pipe, CancellationToken ct)
    {
        var connection = Interlocked.Read(ref _connection);
        var batch = new byte[BatchBytes];
        while (await _queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            var used = 0;
            var frames = 0;
            while (_queue.Reader.TryPeek(out var next) && (used == 0 || used + next.Length <= batch.Length))
            {
                _queue.Reader.TryRead(out var frame);
                Dequeued(frame);
                if (frame.Connection != connection)
                {
                    // Queued for an earlier connection: the book behind this one starts over anyway.
                    Interlocked.Increment(ref _framesDropped);
                }
                else
                {
                    if (frame.Length > batch.Length)
                    {
                        batch = new byte[frame.Length];
                    }

                    frame.Buffer.AsSpan(0, frame.Length).CopyTo(batch.AsSpan(used));
                    used += frame.Length;
                    frames++;
                }

                frame.Return();
            }

            if (used == 0)
            {
                continue;
            }

            try
            {
                await pipe.WriteAsync(batch.AsMemory(0, used), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                Interlocked.Add(ref _framesDropped, frames);
                throw;
            }

            Interlocked.Add(ref _framesSent, frames);
        }

        return "stopped";
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping; the loop condition ends it.
        }
    }
}

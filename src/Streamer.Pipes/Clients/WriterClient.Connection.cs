using System.Buffers;
using System.IO.Pipelines;
using System.IO.Pipes;
using System.Text;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;
using Streamer.Core.Threading;

namespace Streamer.Pipes.Clients;

/// <summary>The connection side of <see cref="WriterClient"/>: connect, handshake, resend, stream, read acks.</summary>
public sealed partial class WriterClient
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan UnreachableReportInterval = TimeSpan.FromSeconds(30);

    private async Task ConnectLoopAsync(CancellationToken ct)
    {
        var delay = MinBackoff;
        DateTimeOffset? unreachableSince = null;
        var lastReport = DateTimeOffset.MinValue;
        while (!ct.IsCancellationRequested)
        {
            var pipe = new NamedPipeClientStream(".", _pipeName, PipeDirection.InOut, System.IO.Pipes.PipeOptions.Asynchronous | System.IO.Pipes.PipeOptions.CurrentUserOnly);
            try
            {
                // A single attempt: with a timeout, .NET on Unix spins a CPU core until the writer appears.
                // The backoff below sleeps instead.
                await pipe.ConnectAsync(0, ct).ConfigureAwait(false);
                if (await RunConnectionAsync(pipe, ct).ConfigureAwait(false))
                {
                    delay = MinBackoff;
                    unreachableSince = null;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is IOException or TimeoutException or UnauthorizedAccessException or FrameFormatException or OperationCanceledException)
            {
                var now = _time.GetUtcNow();
                if (unreachableSince is null)
                {
                    unreachableSince = now;
                    lastReport = now;
                    if (_everConnected)
                    {
                        WriterClientLog.Unreachable(_logger, _pipeName, e.Message);
                    }
                    else
                    {
                        // Workers usually start a moment before the writer listens: not worth a warning.
                        // A writer that never appears is still reported after UnreachableReportInterval.
                        WriterClientLog.NotYetListening(_logger, _pipeName, e.Message);
                    }
                }
                else if (now - lastReport >= UnreachableReportInterval)
                {
                    lastReport = now;
                    WriterClientLog.StillUnreachable(_logger, now - unreachableSince.Value, UnacknowledgedCount, UnacknowledgedBytes);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // A bug must not end the loop: rows would pile up unsent while producers carry on.
                WriterClientLog.LoopFailed(_logger, e);
            }
            finally
            {
                _connected = false;
                await pipe.DisposeAsync().ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    /// <summary>Serves one connection until it breaks; returns whether the handshake succeeded.</summary>
    private async Task<bool> RunConnectionAsync(Stream pipe, CancellationToken ct)
    {
        var reader = PipeReader.Create(pipe, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
        try
        {
            var hello = new ArrayBufferWriter<byte>(128);
            FrameCodec.Write(hello, FrameKind.Hello, StreamType.None, 0, 0, _hello.Encode());
            await pipe.WriteAsync(hello.WrittenMemory, ct).ConfigureAwait(false);

            FrameHeader answer;
            string text;
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                handshake.CancelAfter(HandshakeTimeout);
                (answer, text) = await ReadOneFrameAsync(reader, handshake.Token).ConfigureAwait(false);
            }

            if (answer.Kind == FrameKind.Reject)
            {
                WriterClientLog.Rejected(_logger, text);
                return false;
            }

            if (answer.Kind != FrameKind.HelloAck)
            {
                throw new FrameFormatException($"expected HelloAck, got {answer.Kind}");
            }

            var resend = OnHelloAck(answer.Sequence);
            _connected = true;
            _everConnected = true;
            WriterClientLog.Connected(_logger, _hello.Source, answer.Sequence, resend);
            ReportOutage(resend);

            using var connection = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var acks = ReadAcksAsync(reader, connection.Token);
            var sends = SendLoopAsync(pipe, connection.Token);
            var first = await Task.WhenAny(acks, sends).ConfigureAwait(false);
            var reason = await first.ConfigureAwait(false);
            await connection.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(acks, sends).ConfigureAwait(false);
            _connected = false;
            _linkDownSince = _time.GetTimestamp();
            if (!ct.IsCancellationRequested)
            {
                WriterClientLog.Disconnected(_logger, reason, UnacknowledgedCount);
            }

            return true;
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies a HelloAck (the writer has everything of this source up to <paramref name="sequence"/>); returns how
    /// many frames will be resent. Kept frames are numbers A+1..N (A acknowledged), sent as base + number; M is the
    /// highest number that may have reached the writer under the current base (frames sent by this process, or every
    /// frame a dead predecessor journalled, since it may have sent them). Frames above M never left this process, so
    /// the writer cannot have them, whatever it answers.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>No base yet (nothing was ever sent from this journal): base = sequence - A, so frame A+1 follows what the
    /// writer has.</item>
    /// <item>The writer has everything up to M, or more (a dead predecessor's in-memory frames reached it, or
    /// another client used the source): frames up to M are written; the base moves so frame M+1 follows what the
    /// writer has, rather than being dropped as a resend.</item>
    /// <item>In between: frames up to sequence - base are written.</item>
    /// <item>The writer has less than was acknowledged (an OS crash lost acknowledged rows): resend what is kept; the
    /// writer records the hole and goes on.</item>
    /// </list>
    /// A changed base is made durable in the journal before any frame is sent with it, since journalled frames must
    /// be numbered the same way by whoever delivers them later. Arithmetic is unsigned and wrapping.
    /// </remarks>
    private long OnHelloAck(ulong sequence)
    {
        lock (_lock)
        {
            var kept = _kept!;
            var acknowledged = (ulong)kept.AcknowledgedThrough;
            var maySent = (ulong)Math.Max(_maySent, kept.AcknowledgedThrough);
            if (_sequenceBase is not { } b)
            {
                SetBase(unchecked(sequence - acknowledged));
            }
            else if (sequence >= unchecked(b + maySent))
            {
                kept.Acknowledge((long)maySent);
                if (sequence > unchecked(b + maySent))
                {
                    if (!_baseInherited)
                    {
                        WriterClientLog.WriterAhead(_logger, _hello.Source, sequence, unchecked(b + maySent));
                    }

                    SetBase(unchecked(sequence - maySent));
                }
            }
            else if (sequence >= unchecked(b + acknowledged))
            {
                kept.Acknowledge((long)unchecked(sequence - b));
            }
            else
            {
                // The writer lost what it had acknowledged (OS crash). Resend what is kept; the writer
                // records the hole and continues.
                WriterClientLog.WriterBehind(_logger, _hello.Source, sequence, unchecked(b + acknowledged));
            }

            _baseInherited = false;
            if (kept.Count == 0)
            {
                _spilling = false;
            }

            _sentThrough = kept.AcknowledgedThrough;
            _maySent = kept.AcknowledgedThrough;
            TakeAcknowledgedSignal()?.TrySetResult();
            return kept.Count;
        }
    }

    /// <summary>
    /// After a handshake: when the link had been down for <see cref="OutageReportThreshold"/> or more, or frames of a
    /// predecessor were waiting in the journal, tells the producer (it records it in <c>events</c>: those rows reach
    /// the files late, and the user should know why).
    /// </summary>
    private void ReportOutage(long resend)
    {
        var down = _time.GetElapsedTime(_linkDownSince);
        long inherited, journalled;
        lock (_lock)
        {
            inherited = _inheritedFrames;
            _inheritedFrames = 0;
            journalled = _kept!.JournalCount;
        }

        if ((down >= OutageReportThreshold || inherited > 0) && OutageEnded is { } handler)
        {
            handler(new WriterOutage(down, resend, journalled, inherited));
        }
    }

    /// <summary>A writer link down this long is worth an <c>events</c> row when it comes back (a restart takes under a second).</summary>
    private static readonly TimeSpan OutageReportThreshold = TimeSpan.FromSeconds(5);

    /// <summary>Fixes the wire base (under the lock); a base the journal cannot record yet is recorded before its next append.</summary>
    private void SetBase(ulong value)
    {
        _sequenceBase = value;
        if (!_kept!.Journal.SetBase(value))
        {
            WriterClientLog.BaseNotDurable(_logger, _hello.Source, _journalDirectory);
        }
    }

    private async Task<string> SendLoopAsync(Stream pipe, CancellationToken ct)
    {
        var batch = new ArrayBufferWriter<byte>(16 * 1024);
        using var stopping = ct.UnsafeRegister(static s => ((WakeSignal)s!).Set(), _sendWakeup);
        var gather = false;
        try
        {
            while (true)
            {
                // The sender slept and a frame woke it: let frames gather for the window, so one write carries
                // them all (the system call and the writer's wake-up, not the bytes, are the cost). Nothing but a
                // stop ends the wait early: while the sender is not idle, WriteAsync does not signal it.
                // Real time on purpose: this is about system calls, not the clock rows follow.
                if (gather && GatherWindow > TimeSpan.Zero)
                {
                    await _sendWakeup.WaitAsync(GatherWindow).ConfigureAwait(false);
                }

                gather = false;
                ct.ThrowIfCancellationRequested();

                long last;
                lock (_lock)
                {
                    if (_disposed)
                    {
                        return "client disposed";
                    }

                    batch.ResetWrittenCount();
                    last = _kept!.CopyAfter(_sentThrough, _sequenceBase!.Value, batch, MaxBatchBytes);
                    _senderIdle = batch.WrittenCount == 0;
                }

                if (batch.WrittenCount == 0)
                {
                    await _sendWakeup.WaitAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false);
                    gather = true;
                    continue;
                }

                lock (_lock)
                {
                    _maySent = Math.Max(_maySent, last);
                }

                // One write per batch: the system call, not the bytes, is the cost of a pipe.
                await pipe.WriteAsync(batch.WrittenMemory, ct).ConfigureAwait(false);
                Interlocked.Increment(ref _frameWrites);
                lock (_lock)
                {
                    _sentThrough = Math.Max(_sentThrough, last);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return "stopping";
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    private async Task<string> ReadAcksAsync(PipeReader reader, CancellationToken ct)
    {
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
                            case FrameKind.Ack:
                                Acknowledge(header.Sequence);
                                break;
                            case FrameKind.Reject:
                                var reason = Encoding.UTF8.GetString(payload);
                                WriterClientLog.Rejected(_logger, reason);
                                return "rejected: " + reason;
                            default:
                                return $"unexpected {header.Kind} frame from the writer";
                        }
                    }
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted)
                {
                    return "the writer closed the connection";
                }
            }
        }
        catch (OperationCanceledException)
        {
            return "stopping";
        }
        catch (IOException e)
        {
            return e.Message;
        }
        catch (FrameFormatException e)
        {
            return "malformed frame from the writer: " + e.Message;
        }
    }

    private static async Task<(FrameHeader Header, string Text)> ReadOneFrameAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (FrameCodec.TryRead(ref buffer, out var header, out var payload))
            {
                var text = Encoding.UTF8.GetString(payload);
                reader.AdvanceTo(buffer.Start);
                return (header, text);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new IOException("the writer closed the connection during the handshake");
            }
        }
    }
}

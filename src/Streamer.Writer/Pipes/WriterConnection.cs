using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Streamer.Pipes.Framing;
using Streamer.Writer.Engine;
using Streamer.Writer.Status;
using Streamer.Core.Threading;

namespace Streamer.Writer.Pipes;

/// <summary>
/// One client connection: reads the Hello and then Data frames (System.IO.Pipelines + FrameCodec),
/// hands each frame to the engine, and sends the HelloAck/Acks the engine asks for. A malformed frame
/// or a protocol error closes only this connection; the client reconnects and resends.
/// </summary>
internal sealed class WriterConnection : IWriterPeer, IDisposable
{
    private readonly Stream _pipe;
    private readonly WriteEngine _engine;
    private readonly ByteBudget _budget;
    private readonly ReadSegmentPool _segments;
    private readonly WriterStats _stats;
    private readonly ILogger _logger;
    private readonly TimeSpan _handshakeTimeout;
    private readonly int _id;
    private readonly CancellationTokenSource _cts = new();
    private readonly WakeSignal _wake = new();

    /// <summary>Set by the engine when it is done with the frames of this connection's last Data command.</summary>
    private readonly WakeSignal _applied = new();
    private readonly Lock _lock = new();
    private ulong? _helloAck;
    private bool _helloAckSent;
    private ulong _ack;
    private bool _ackPending;
    private volatile string? _closeReason;
    private string _name;

    public WriterConnection(int id, Stream pipe, WriteEngine engine, ByteBudget budget, ReadSegmentPool segments, WriterStats stats, TimeSpan handshakeTimeout, ILogger logger)
    {
        _segments = segments;
        _id = id;
        _pipe = pipe;
        _engine = engine;
        _budget = budget;
        _stats = stats;
        _handshakeTimeout = handshakeTimeout;
        _logger = logger;
        _name = "#" + id.ToString(CultureInfo.InvariantCulture);
    }

    public string Name => _name;

    public PeerSession? Session { get; set; }

    public void SendHelloAck(ulong sequence)
    {
        lock (_lock)
        {
            _helloAck = sequence;
        }

        _wake.Set();
    }

    public void SendAck(ulong sequence)
    {
        lock (_lock)
        {
            _ack = sequence;
            _ackPending = true;
        }

        _wake.Set();
    }

    public void FramesApplied() => _applied.Set();

    public void Close(string reason)
    {
        _closeReason = reason;
        try
        {
            // Asynchronous: the engine calls this and must not run this connection's continuations.
            _ = _cts.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }

        _wake.Set(); // The sender loop waits without a token; it sees the cancellation when it wakes.
    }

    /// <summary>Serves the connection until the client leaves, it is closed, or <paramref name="serverToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken serverToken)
    {
        _stats.ConnectionOpened();
        using var registration = serverToken.Register(static s => ((WriterConnection)s!).Close("writer stopping"), this);
        var ct = _cts.Token;
        var reader = PipeReader.Create(_pipe, new StreamPipeReaderOptions(_segments, bufferSize: ReadSegmentPool.DefaultSegmentSize, minimumReadSize: 16 * 1024, leaveOpen: true));
        Task? sender = null;
        var connected = false;
        var reason = "client closed the connection";
        try
        {
            var hello = await ReadHelloAsync(reader, ct).ConfigureAwait(false);
            if (hello is null)
            {
                reason = "connection ended before its Hello";
                return;
            }

            _name = FormattableString.Invariant($"#{_id} {hello.Source}");
            var problem = Validate(hello);
            if (problem is not null)
            {
                _stats.ProtocolError();
                WriterLog.ClientRejected(_logger, _name, problem);
                await SendRejectAsync(problem, ct).ConfigureAwait(false);
                reason = "rejected";
                return;
            }

            WriterLog.ClientConnected(_logger, _name, hello.Role, hello.Source, hello.Symbol);
            sender = SendLoopAsync(ct);
            connected = _engine.Post(new EngineCommand(EngineCommandKind.Connected, this, hello));
            if (connected)
            {
                reason = await ReadDataAsync(reader, ct).ConfigureAwait(false);
            }
        }
        catch (FrameFormatException e)
        {
            _stats.MalformedFrame();
            WriterLog.MalformedFrame(_logger, _name, e.Message);
            reason = "malformed frame: " + e.Message;
        }
        catch (OperationCanceledException)
        {
            reason = _closeReason ?? "handshake timed out";
        }
        catch (IOException e)
        {
            reason = e.Message;
        }
        finally
        {
            await _cts.CancelAsync().ConfigureAwait(false);
            _wake.Set();
            if (sender is not null)
            {
                await sender.ConfigureAwait(false);
            }

            await reader.CompleteAsync().ConfigureAwait(false);
            await _pipe.DisposeAsync().ConfigureAwait(false);
            if (connected)
            {
                _engine.Post(new EngineCommand(EngineCommandKind.Disconnected, this));
            }

            _stats.ConnectionClosed();
            WriterLog.ClientDisconnected(_logger, _name, reason);
            Dispose();
        }
    }

    /// <summary>Releases the cancellation source; <see cref="RunAsync"/> does this when it ends.</summary>
    public void Dispose() => _cts.Dispose();

    private static string? Validate(Hello hello)
    {
        if (hello.Protocol != FrameCodec.ProtocolVersion)
        {
            return FormattableString.Invariant(
                $"protocol version {hello.Protocol} is not supported; this writer speaks version {FrameCodec.ProtocolVersion} (are two streamer versions mixed?)");
        }

        if (hello.Source.Any(char.IsControl))
        {
            return "the source name holds control characters";
        }

        if (!Core.Exchanges.ExchangeIds.IsKnown(hello.Exchange))
        {
            return $"exchange '{hello.Exchange}' is not one this writer knows ({string.Join(", ", Core.Exchanges.ExchangeIds.Known)}; are two streamer versions mixed?)";
        }

        var symbol = hello.Symbol;
        if (symbol.Length is 0 or > 64 || symbol.StartsWith('.') || symbol.Any(c => c is '/' or '\\' or ':' || char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return $"symbol '{symbol}' cannot name a data folder (1-64 characters, no path separators, spaces or leading dot)";
        }

        return null;
    }

    private async Task<Hello?> ReadHelloAsync(PipeReader reader, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_handshakeTimeout);
        while (true)
        {
            var result = await reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (FrameCodec.TryRead(ref buffer, out var header, out var payload))
            {
                if (header.Kind != FrameKind.Hello)
                {
                    throw new FrameFormatException($"expected Hello, got {header.Kind}");
                }

                var hello = Hello.Decode(payload);
                reader.AdvanceTo(buffer.Start);
                return hello;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>Reads Data frames until the client leaves; returns why the connection ended.</summary>
    private async Task<string> ReadDataAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            // Backpressure: while the writer holds too much unwritten data, stop reading this pipe.
            await _budget.WaitForRoomAsync(ct).ConfigureAwait(false);
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                var (frames, payloadBytes, malformed) = WholeFrames(ref buffer);
                if (!frames.IsEmpty)
                {
                    _budget.Take(payloadBytes);
                    if (!_engine.Post(new EngineCommand(EngineCommandKind.Data, this, Frames: frames, PayloadBytes: payloadBytes)))
                    {
                        _budget.Release(payloadBytes);
                        return "writer stopping";
                    }

                    // The engine reads the frames straight from this buffer, so it stays ours until then. No
                    // token: the engine always answers, even when it fails (WriteEngine.ReleaseQueuedFrames).
                    await _applied.WaitAsync().ConfigureAwait(false);
                }

                if (malformed is not null)
                {
                    ExceptionDispatchInfo.Throw(malformed);
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                return buffer.IsEmpty ? "client closed the connection" : "client closed the connection inside a frame";
            }
        }
    }

    /// <summary>
    /// The whole Data frames at the front of <paramref name="buffer"/>, which is left at the first incomplete
    /// (or malformed) frame. Frames before a malformed one still count; the problem is returned, not thrown.
    /// </summary>
    private static (ReadOnlySequence<byte> Frames, int PayloadBytes, FrameFormatException? Malformed) WholeFrames(ref ReadOnlySequence<byte> buffer)
    {
        var start = buffer;
        var payloadBytes = 0;
        try
        {
            var rest = buffer;
            while (FrameCodec.TryRead(ref rest, out var header, out _))
            {
                if (header.Kind != FrameKind.Data)
                {
                    throw new FrameFormatException($"unexpected {header.Kind} frame after the handshake");
                }

                payloadBytes += header.PayloadLength;
                buffer = rest;
            }
        }
        catch (FrameFormatException e)
        {
            return (start.Slice(0, buffer.Start), payloadBytes, e);
        }

        return (start.Slice(0, buffer.Start), payloadBytes, null);
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        var frames = new ArrayBufferWriter<byte>(256);
        try
        {
            while (true)
            {
                await _wake.WaitAsync().ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                frames.ResetWrittenCount();
                lock (_lock)
                {
                    if (_helloAck is { } hello)
                    {
                        FrameCodec.WriteControl(frames, FrameKind.HelloAck, hello);
                        _helloAck = null;
                        _helloAckSent = true;
                    }

                    // An Ack before the HelloAck would confuse the client; the engine never asks for one.
                    if (_ackPending && _helloAckSent)
                    {
                        FrameCodec.WriteControl(frames, FrameKind.Ack, _ack);
                        _ackPending = false;
                    }
                }

                if (frames.WrittenCount > 0)
                {
                    await _pipe.WriteAsync(frames.WrittenMemory, ct).ConfigureAwait(false);
                    await _pipe.FlushAsync(ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            Close("client stopped reading");
        }
    }

    private async Task SendRejectAsync(string reason, CancellationToken ct)
    {
        var frame = new ArrayBufferWriter<byte>();
        FrameCodec.Write(frame, FrameKind.Reject, Core.Streams.StreamType.None, 0, 0, Encoding.UTF8.GetBytes(reason));
        try
        {
            await _pipe.WriteAsync(frame.WrittenMemory, ct).ConfigureAwait(false);
            await _pipe.FlushAsync(ct).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The client left already; it will read the reason from the log.
        }
    }
}

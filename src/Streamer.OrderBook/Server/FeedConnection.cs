using System.Buffers;
using System.IO.Pipelines;
using System.IO.Pipes;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Streamer.Core.Exchanges;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;
using Streamer.OrderBook.Csv;
using Streamer.OrderBook.Sync;

namespace Streamer.OrderBook.Server;

/// <summary>
/// One worker's feed: reads its Hello (symbol and <see cref="Hello.Exchange"/>: a Hello without an exchange is the
/// default exchange's), then its depth and depth_snapshot frames into the book of that key,
/// and sends it SnapshotRequest frames when the book needs one. A malformed frame closes the connection
/// (the worker's client reconnects); malformed rows inside a valid frame are counted and skipped.
/// </summary>
internal sealed partial class FeedConnection : IDisposable
{
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ControlWriteTimeout = TimeSpan.FromSeconds(5);

    private readonly NamedPipeServerStream _pipe;
    private readonly BookRegistry _books;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
    private readonly DepthUpdate _update = new();
    private readonly BookSnapshot _snapshot = new();
    private byte[] _scratch = new byte[64 * 1024];

    public FeedConnection(NamedPipeServerStream pipe, BookRegistry books, ILogger logger)
    {
        _pipe = pipe;
        _books = books;
        _logger = logger;
    }

    /// <summary>Serves the connection until the peer leaves, a newer feed for its symbol takes over, or <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct, _closed.Token);
        var reader = PipeReader.Create(_pipe, new StreamPipeReaderOptions(leaveOpen: true));
        SymbolBook? book = null;
        var reason = "the worker closed the connection";
        try
        {
            var hello = await ReadHelloAsync(reader, run.Token).ConfigureAwait(false);
            if (hello is null)
            {
                return;
            }

            book = await _books.GetAsync(hello.Exchange, hello.Symbol, run.Token).ConfigureAwait(false);
            await WriteControlAsync(FrameKind.HelloAck, [], run.Token).ConfigureAwait(false);
            book.Attach(this)?.Close();
            OrderBookLog.FeedConnected(_logger, book.Key, hello.Source);
            reason = await ReadFramesAsync(reader, book, run.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            reason = "a newer feed for the symbol took over";
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            reason = "the order book is stopping";
        }
        catch (IOException ex)
        {
            reason = ex.Message;
        }
        catch (Exception ex)
        {
            // A bug: only this connection ends; the worker's client reconnects and the book starts over.
            OrderBookLog.FeedFailed(_logger, ex, book?.Key ?? "?");
            reason = ex.Message;
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            if (book is not null)
            {
                book.Detach(this);
                OrderBookLog.FeedDisconnected(_logger, book.Key, reason);
            }

            await _pipe.DisposeAsync().ConfigureAwait(false);
            Dispose();
        }
    }

    /// <summary>Releases the connection's own resources (the pipe is disposed when <see cref="RunAsync"/> ends).</summary>
    public void Dispose()
    {
        _closed.Dispose();
        _writeGate.Dispose();
    }

    /// <summary>Ends this connection (a newer one serves the symbol).</summary>
    public void Close()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    /// <summary>Sends a SnapshotRequest if the book wants one now; a failure is left to the read loop to notice.</summary>
    public async Task RequestSnapshotIfDueAsync(SymbolBook book, CancellationToken ct)
    {
        if (!book.TakeSnapshotRequest())
        {
            return;
        }

        try
        {
            await WriteControlAsync(FrameKind.SnapshotRequest, [], ct).ConfigureAwait(false);
            OrderBookLog.SnapshotRequested(_logger, book.Key);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is ending; the next feed asks for its own snapshot.
        }
    }

    private async Task<Hello?> ReadHelloAsync(PipeReader reader, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(HelloTimeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                OrderBookLog.FeedRefused(_logger, "no Hello within 10 s");
                return null;
            }

            var buffer = result.Buffer;
            string? refusal;
            Hello? hello;
            try
            {
                if (!FrameCodec.TryRead(ref buffer, out var header, out var payload))
                {
                    if (result.IsCompleted)
                    {
                        return null;
                    }

                    reader.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                (hello, refusal) = Check(header, payload);
                reader.AdvanceTo(buffer.Start);
            }
            catch (FrameFormatException ex)
            {
                OrderBookLog.FeedRefused(_logger, ex.Message);
                return null;
            }

            if (refusal is null)
            {
                return hello;
            }

            OrderBookLog.FeedRefused(_logger, refusal);
            await WriteControlAsync(FrameKind.Reject, Encoding.UTF8.GetBytes(refusal), ct).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>The Hello, or why the connection is refused.</summary>
    private static (Hello? Hello, string? Refusal) Check(FrameHeader header, ReadOnlySequence<byte> payload)
    {
        if (header.Kind != FrameKind.Hello)
        {
            return (null, $"the first frame must be Hello, not {header.Kind}");
        }

        var hello = Hello.Decode(payload);
        if (hello.Protocol != FrameCodec.ProtocolVersion)
        {
            return (null, $"protocol {hello.Protocol} is not supported; this order book speaks protocol {FrameCodec.ProtocolVersion} (mixed versions of streamer?)");
        }

        if (!ExchangeIds.IsKnown(hello.Exchange))
        {
            return (null, $"'{hello.Exchange}' is not a known exchange; this order book knows {string.Join(", ", ExchangeIds.Known)}");
        }

        return SymbolPattern().IsMatch(hello.Symbol)
            ? (hello, null)
            : (null, $"'{hello.Symbol}' is not a symbol (expected upper-case letters, digits and '_')");
    }

    private async Task<string> ReadFramesAsync(PipeReader reader, SymbolBook book, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (FrameCodec.TryRead(ref buffer, out var header, out var payload))
                {
                    if (header.Kind != FrameKind.Data)
                    {
                        OrderBookLog.FeedMalformed(_logger, book.Key, $"unexpected {header.Kind} frame after Hello");
                        return $"unexpected {header.Kind} frame";
                    }

                    Apply(book, header.StreamType, payload);
                }
            }
            catch (FrameFormatException ex)
            {
                OrderBookLog.FeedMalformed(_logger, book.Key, ex.Message);
                return ex.Message;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            await RequestSnapshotIfDueAsync(book, ct).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                return "the worker closed the connection";
            }
        }
    }

    private void Apply(SymbolBook book, StreamType stream, ReadOnlySequence<byte> payload)
    {
        if (stream is not (StreamType.Depth or StreamType.DepthSnapshot))
        {
            return; // Only depth matters here; anything else is the writer's business.
        }

        var rows = Contiguous(payload);
        string? error;
        if (stream == StreamType.Depth)
        {
            if (DepthCsvDecoder.TryDecodeUpdate(rows, _update, out error))
            {
                book.OnDepth(_update);
                return;
            }
        }
        else if (DepthCsvDecoder.TryDecodeSnapshot(rows, _snapshot, out error))
        {
            book.OnSnapshot(_snapshot);
            return;
        }

        book.CountMalformed();
        OrderBookLog.MalformedRows(_logger, StreamCatalog.Get(stream)!.ConfigName, book.Key, error);
    }

    /// <summary>The payload as one span; copied into a reused buffer only when the pipe split it.</summary>
    private ReadOnlySpan<byte> Contiguous(ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return payload.FirstSpan;
        }

        if (_scratch.Length < payload.Length)
        {
            _scratch = new byte[Math.Max((int)payload.Length, _scratch.Length * 2)];
        }

        payload.CopyTo(_scratch);
        return _scratch.AsSpan(0, (int)payload.Length);
    }

    private async Task WriteControlAsync(FrameKind kind, byte[] payload, CancellationToken ct)
    {
        var frame = new byte[FrameCodec.HeaderSize + payload.Length];
        FrameCodec.WriteHeader(frame, new FrameHeader(kind, StreamType.None, 0, 0, payload.Length));
        payload.CopyTo(frame.AsSpan(FrameCodec.HeaderSize));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ControlWriteTimeout);
        await _writeGate.WaitAsync(timeout.Token).ConfigureAwait(false);
        try
        {
            await _pipe.WriteAsync(frame, timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Upper-case letters and digits, and '_' for COIN-M's <c>BTCUSD_PERP</c> and dated contracts.</summary>
    [GeneratedRegex("^[A-Z0-9][A-Z0-9_]{1,29}$")]
    private static partial Regex SymbolPattern();
}

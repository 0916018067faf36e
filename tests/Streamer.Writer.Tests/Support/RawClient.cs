using System.Buffers;
using System.IO.Pipes;
using System.Text;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;

namespace Streamer.Writer.Tests.Support;

/// <summary>Speaks the frame protocol by hand, to send what a well-behaved client never would.</summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly NamedPipeClientStream _pipe;
    private readonly byte[] _readBuffer = new byte[64 * 1024];
    private int _readCount;

    private RawClient(NamedPipeClientStream pipe) => _pipe = pipe;

    public static async Task<RawClient> ConnectAsync(string pipeName)
    {
        var pipe = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        await pipe.ConnectAsync(5000);
        return new RawClient(pipe);
    }

    /// <summary>Sends a Hello and returns the answer (HelloAck or Reject).</summary>
    public async Task<(FrameHeader Header, string Text)> HelloAsync(Hello hello)
    {
        await SendAsync(FrameKind.Hello, StreamType.None, 0, 0, hello.Encode());
        return await ReadAsync();
    }

    public Task SendDataAsync(ulong sequence, long exchangeTimeMs, string rows, StreamType stream = StreamType.AggTrade) =>
        SendAsync(FrameKind.Data, stream, sequence, exchangeTimeMs, Encoding.UTF8.GetBytes(rows));

    public async Task SendAsync(FrameKind kind, StreamType stream, ulong sequence, long time, byte[] payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameCodec.Write(buffer, kind, stream, sequence, time, payload);
        await SendBytesAsync(buffer.WrittenMemory);
    }

    public async Task SendBytesAsync(ReadOnlyMemory<byte> bytes)
    {
        await _pipe.WriteAsync(bytes);
        await _pipe.FlushAsync();
    }

    /// <summary>Reads the next frame; throws <see cref="EndOfStreamException"/> when the writer closed the connection.</summary>
    public async Task<(FrameHeader Header, string Text)> ReadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_readBuffer, 0, _readCount);
            if (FrameCodec.TryRead(ref sequence, out var header, out var payload))
            {
                var text = Encoding.UTF8.GetString(payload);
                var consumed = _readCount - (int)sequence.Length;
                Buffer.BlockCopy(_readBuffer, consumed, _readBuffer, 0, _readCount - consumed);
                _readCount -= consumed;
                return (header, text);
            }

            var n = await _pipe.ReadAsync(_readBuffer.AsMemory(_readCount), cts.Token);
            if (n == 0)
            {
                throw new EndOfStreamException("writer closed the connection");
            }

            _readCount += n;
        }
    }

    /// <summary>Reads Acks until one reaches <paramref name="sequence"/>.</summary>
    public async Task WaitForAckAsync(ulong sequence)
    {
        while (true)
        {
            var (header, _) = await ReadAsync();
            Assert.That(header.Kind, Is.EqualTo(FrameKind.Ack));
            if (header.Sequence >= sequence)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync() => await _pipe.DisposeAsync();
}

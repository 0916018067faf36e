using System.Diagnostics;
using System.IO.Pipes;
using System.Text;
using Streamer.Core.Framing;
using Streamer.Core.Streams;

namespace Streamer.Writer.Tests.Support;

/// <summary>
/// Market-like load for an in-process writer: several worker connections, each sending one Data frame per
/// "message" (aggTrade, 10-row depth diff, bookTicker in turn) at a paced total rate, with blocking socket
/// calls on dedicated threads and reused buffers, so the load itself allocates nothing once running and
/// the process's allocations and CPU during a window are the writer's.
/// </summary>
internal sealed class SteadyLoad : IDisposable
{
    private readonly int _framesPerWrite;
    private readonly Connection[] _connections;
    private readonly byte[] _aggTrade;
    private readonly byte[] _depth;
    private readonly byte[] _bookTicker;
    private readonly long _timeMs;

    private SteadyLoad(Connection[] connections, long timeMs, int framesPerWrite)
    {
        _framesPerWrite = framesPerWrite;
        _connections = connections;
        _timeMs = timeMs;
        _aggTrade = Encoding.UTF8.GetBytes(Rows.AggTrade(123456789, timeMs));
        var depth = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            depth.Append(FormattableString.Invariant($"{timeMs},{timeMs},1000,1010,999,{(i < 5 ? "bid" : "ask")},6543{i}.10,0.{i}52,{timeMs * 1000}\n"));
        }

        _depth = Encoding.UTF8.GetBytes(depth.ToString());
        _bookTicker = Encoding.UTF8.GetBytes(FormattableString.Invariant($"987654321,65432.10,1.234,65432.20,0.567,{timeMs},{timeMs},{timeMs * 1000}\n"));
    }

    /// <summary>Frames sent so far by all connections.</summary>
    public long FramesSent => _connections.Sum(c => (long)Volatile.Read(ref c.Sent));

    /// <summary>
    /// Connects <paramref name="symbols"/> workers and completes their handshakes. Each socket write carries
    /// <paramref name="framesPerWrite"/> frames of one connection: 1 is a worker at a realistic per-symbol
    /// rate (one write per WebSocket message), more is a busy worker whose frames queue up between writes.
    /// </summary>
    public static SteadyLoad Connect(string pipeName, int symbols, long timeMs, int framesPerWrite)
    {
        var connections = new Connection[symbols];
        for (var i = 0; i < symbols; i++)
        {
            connections[i] = new Connection(pipeName, "SYM" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "USDT");
        }

        return new SteadyLoad(connections, timeMs, framesPerWrite);
    }

    /// <summary>Sends <paramref name="frames"/> frames in all, paced at <paramref name="ratePerSecond"/>; blocks until sent.</summary>
    public void Send(long frames, int ratePerSecond)
    {
        var buffer = new byte[_framesPerWrite * (FrameCodec.HeaderSize + _depth.Length)];
        var started = Stopwatch.GetTimestamp();
        long sent = 0;
        var next = 0;
        while (sent < frames)
        {
            var due = Math.Min(frames, (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * ratePerSecond) + _framesPerWrite);
            if (sent >= due)
            {
                Thread.Sleep(1);
                continue;
            }

            var connection = _connections[next];
            next = (next + 1) % _connections.Length;
            var count = (int)Math.Min(_framesPerWrite, due - sent);
            var length = 0;
            for (var i = 0; i < count; i++)
            {
                var sequence = ++connection.Sent;
                var rows = (sequence % 3) switch { 0 => _aggTrade, 1 => _depth, _ => _bookTicker };
                var stream = (sequence % 3) switch { 0 => StreamType.AggTrade, 1 => StreamType.Depth, _ => StreamType.BookTicker };
                FrameCodec.WriteHeader(buffer.AsSpan(length), new FrameHeader(FrameKind.Data, stream, sequence, _timeMs, rows.Length));
                rows.CopyTo(buffer.AsSpan(length + FrameCodec.HeaderSize));
                length += FrameCodec.HeaderSize + rows.Length;
            }

            connection.Pipe.Write(buffer, 0, length);
            sent += count;
        }
    }

    /// <summary>True once every connection's last sent frame is acknowledged.</summary>
    public bool AllAcknowledged => _connections.All(c => (ulong)Volatile.Read(ref c.Acked) >= c.Sent);

    public void Dispose()
    {
        foreach (var c in _connections)
        {
            c.Dispose();
        }
    }

    private sealed class Connection : IDisposable
    {
        public readonly NamedPipeClientStream Pipe;
        public ulong Sent;
        public long Acked;
        private readonly Thread _reader;

        public Connection(string pipeName, string symbol)
        {
            Pipe = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.CurrentUserOnly);
            Pipe.Connect(5000);
            var hello = Hello.ForWorker(symbol).Encode();
            var frame = new byte[FrameCodec.HeaderSize + hello.Length];
            FrameCodec.WriteHeader(frame, new FrameHeader(FrameKind.Hello, StreamType.None, 0, 0, hello.Length));
            hello.CopyTo(frame, FrameCodec.HeaderSize);
            Pipe.Write(frame);
            _reader = new Thread(ReadAcks) { IsBackground = true, Name = "ack reader " + symbol };
            _reader.Start();
        }

        /// <summary>Reads HelloAck and Acks (payload-less frames) into a fixed buffer and records the newest sequence.</summary>
        private void ReadAcks()
        {
            var buffer = new byte[4096];
            var count = 0;
            try
            {
                while (true)
                {
                    var n = Pipe.Read(buffer, count, buffer.Length - count);
                    if (n == 0)
                    {
                        return;
                    }

                    count += n;
                    var at = 0;
                    while (count - at >= FrameCodec.HeaderSize)
                    {
                        var header = FrameCodec.ParseHeader(buffer.AsSpan(at, FrameCodec.HeaderSize));
                        if (header.Kind == FrameKind.Ack)
                        {
                            Volatile.Write(ref Acked, (long)header.Sequence);
                        }

                        at += FrameCodec.HeaderSize + header.PayloadLength;
                    }

                    buffer.AsSpan(at, count - at).CopyTo(buffer);
                    count -= at;
                }
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose() => Pipe.Dispose();
    }

}

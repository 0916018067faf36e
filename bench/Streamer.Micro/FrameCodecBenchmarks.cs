using System.Buffers;
using BenchmarkDotNet.Attributes;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;

namespace Streamer.Micro;

/// <summary>Streamer.Core's pipe frame format: encode one data frame, decode a batch of frames.</summary>
[MemoryDiagnoser]
public class FrameCodecBenchmarks
{
    private const int FramesPerBatch = 100;
    private readonly ArrayBufferWriter<byte> _out = new(1 << 20);
    private byte[] _payload = [];
    private ReadOnlySequence<byte> _batch;

    [Params(120, 2000)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[PayloadBytes];
        Array.Fill(_payload, (byte)'7');
        var batch = new ArrayBufferWriter<byte>();
        for (var i = 0; i < FramesPerBatch; i++)
        {
            FrameCodec.Write(batch, FrameKind.Data, StreamType.AggTrade, (ulong)i + 1, 1767225600121, _payload);
        }

        _batch = new ReadOnlySequence<byte>(batch.WrittenMemory);
    }

    [Benchmark(Description = "encode 1 data frame")]
    public int Encode()
    {
        if (_out.FreeCapacity < 64 * 1024)
        {
            _out.ResetWrittenCount();
        }

        FrameCodec.Write(_out, FrameKind.Data, StreamType.AggTrade, 42, 1767225600121, _payload);
        return _out.WrittenCount;
    }

    [Benchmark(Description = "decode 100 data frames", OperationsPerInvoke = FramesPerBatch)]
    public long Decode()
    {
        var buffer = _batch;
        long sum = 0;
        while (FrameCodec.TryRead(ref buffer, out var header, out var payload))
        {
            sum += header.PayloadLength + payload.Length;
        }

        return sum;
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using NUnit.Framework;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;

namespace Streamer.Pipes.Tests;

public class FrameCodecTests
{
    [Test]
    public void DataFrame_RoundTrips()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var rows = "1,2.5,0.001,1,1,1700000000000,true,1700000000001,1700000000001123\n"u8.ToArray();
        FrameCodec.Write(buffer, FrameKind.Data, StreamType.AggTrade, 42, 1_700_000_000_000, rows);
        FrameCodec.WriteControl(buffer, FrameKind.Ack, 42);

        var seq = new ReadOnlySequence<byte>(buffer.WrittenMemory);
        Assert.That(FrameCodec.TryRead(ref seq, out var header, out var payload), Is.True);
        Assert.That(header, Is.EqualTo(FrameHeader.Data(StreamType.AggTrade, 42, 1_700_000_000_000, rows.Length)));
        Assert.That(payload.ToArray(), Is.EqualTo(rows));

        Assert.That(FrameCodec.TryRead(ref seq, out var ack, out _), Is.True);
        Assert.That((ack.Kind, ack.Sequence), Is.EqualTo((FrameKind.Ack, 42UL)));
        Assert.That(seq.IsEmpty, Is.True);
    }

    [Test]
    public void PartialFrame_WaitsForMoreBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameCodec.Write(buffer, FrameKind.Data, StreamType.Depth, 1, 1, new byte[100]);
        var seq = new ReadOnlySequence<byte>(buffer.WrittenMemory[..(FrameCodec.HeaderSize + 50)]);

        Assert.That(FrameCodec.TryRead(ref seq, out _, out _), Is.False);
        Assert.That(seq.Length, Is.EqualTo(FrameCodec.HeaderSize + 50), "nothing consumed");
    }

    [TestCase(0u, 3, 1, "frame length 0")]
    [TestCase((uint)FrameCodec.MaxBodyLength + 1, 3, 1, "outside")]
    [TestCase(20u, 99, 1, "unknown frame kind 99")]
    [TestCase(20u, 3, 200, "unknown stream type 200")]
    public void MalformedHeader_IsAFormatError(uint length, byte kind, byte stream, string reason)
    {
        var bytes = new byte[FrameCodec.HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, length);
        bytes[4] = kind;
        bytes[5] = stream;
        var seq = new ReadOnlySequence<byte>(bytes);

        var e = Assert.Throws<FrameFormatException>(() => FrameCodec.TryRead(ref seq, out _, out _));
        Assert.That(e!.Message, Does.Contain(reason));
    }

    [Test]
    public void OversizedPayload_IsRefusedByTheWriter()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            FrameCodec.Write(buffer, FrameKind.Data, StreamType.Depth, 1, 1, new byte[FrameCodec.MaxPayloadLength + 1]));
    }

    [Test]
    public void Hello_RoundTripsAndIgnoresUnknownKeys()
    {
        var hello = Hello.ForWorker("BTCUSDT");
        var decoded = Hello.Decode(new ReadOnlySequence<byte>(hello.Encode()));
        Assert.That(decoded, Is.EqualTo(hello));

        var newer = Hello.Decode(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("protocol=2\nrole=worker\nsource=worker:X\nsymbol=X\nfeature=zstd\n")));
        Assert.That(newer.Protocol, Is.EqualTo(2));
    }

    [Test]
    public void Hello_CarriesTheExchange_AndOneWithoutTheLineIsTheDefaultExchanges()
    {
        var spot = Hello.ForWorker("binance-spot", "BTCUSDT");
        Assert.That((spot.Source, spot.Symbol, spot.Exchange), Is.EqualTo(("worker:binance-spot/BTCUSDT", "BTCUSDT", "binance-spot")));
        Assert.That(Hello.Decode(new ReadOnlySequence<byte>(spot.Encode())), Is.EqualTo(spot));
        Assert.That(Hello.ForWorker("BTCUSDT").Source, Is.EqualTo("worker:BTCUSDT"), "USD-M sources keep their names (journals, checkpoints)");

        var old = Hello.Decode(new ReadOnlySequence<byte>("protocol=1\nrole=worker\nsource=worker:X\nsymbol=X\n"u8.ToArray()));
        Assert.That(old.Exchange, Is.EqualTo("binance-um"));
    }

    [Test]
    public void Hello_WithoutSource_IsAFormatError() =>
        Assert.Throws<FrameFormatException>(() => Hello.Decode(new ReadOnlySequence<byte>("protocol=1\nrole=worker\n"u8.ToArray())));
}

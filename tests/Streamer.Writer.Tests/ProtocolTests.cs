using System.Buffers.Binary;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;
using Streamer.Writer.Tests.Support;
using static Streamer.Writer.Tests.Support.Rows;

namespace Streamer.Writer.Tests;

/// <summary>The writer's side of the frame protocol, driven by a hand-written client.</summary>
public class ProtocolTests
{
    private static readonly Hello Btc = Hello.ForWorker("BTCUSDT");

    [Test]
    public async Task HelloAck_CarriesTheLastDurableSequence_AndResendsAreDroppedButAcknowledged()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using (var first = await RawClient.ConnectAsync(h.Options.PipeName))
        {
            var (ack, _) = await first.HelloAsync(Btc);
            Assert.That((ack.Kind, ack.Sequence), Is.EqualTo((FrameKind.HelloAck, 0UL)));
            await first.SendDataAsync(1, Ms(Day1), AggTrade(1, Ms(Day1)));
            await first.SendDataAsync(2, Ms(Day1), AggTrade(2, Ms(Day1)));
            await first.WaitForAckAsync(2);
        }

        await using var second = await RawClient.ConnectAsync(h.Options.PipeName);
        var (again, _) = await second.HelloAsync(Btc);
        Assert.That(again.Sequence, Is.EqualTo(2UL));
        await second.SendDataAsync(1, Ms(Day1), AggTrade(1, Ms(Day1)));
        await second.SendDataAsync(2, Ms(Day1), AggTrade(2, Ms(Day1)));
        await second.SendDataAsync(3, Ms(Day1), AggTrade(3, Ms(Day1)));
        await second.WaitForAckAsync(3);

        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(new long[] { 1, 2, 3 }));
    }

    [Test]
    public async Task SequenceGap_ClosesTheConnection_AndNothingAfterTheGapIsWritten()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using (var client = await RawClient.ConnectAsync(h.Options.PipeName))
        {
            await client.HelloAsync(Btc);
            await client.SendDataAsync(1, Ms(Day1), AggTrade(1, Ms(Day1)));
            await client.WaitForAckAsync(1);
            await client.SendDataAsync(3, Ms(Day1), AggTrade(3, Ms(Day1)));
            await Assert.ThrowsAsync<EndOfStreamException>(async () => await client.WaitForAckAsync(3));
        }

        await using var again = await RawClient.ConnectAsync(h.Options.PipeName);
        var (ack, _) = await again.HelloAsync(Btc);
        Assert.That(ack.Sequence, Is.EqualTo(1UL), "the client must resend from 2");
        Assert.That(h.Log.Contains("skipped sequences"), Is.True);
    }

    [Test]
    public async Task MalformedFrame_ClosesOnlyThatConnection()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using var good = await RawClient.ConnectAsync(h.Options.PipeName);
        await using var bad = await RawClient.ConnectAsync(h.Options.PipeName);
        await good.HelloAsync(Btc);
        await bad.HelloAsync(Hello.ForWorker("ETHUSDT"));

        var garbage = new byte[FrameCodec.HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(garbage, 20);
        garbage[4] = 77; // unknown frame kind
        await bad.SendBytesAsync(garbage);
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await bad.ReadAsync());

        await good.SendDataAsync(1, Ms(Day1), AggTrade(1, Ms(Day1)));
        await good.WaitForAckAsync(1);
        Assert.That(h.Log.Contains("unknown frame kind 77"), Is.True);
        await Eventually.WaitAsync(() => h.Server!.Stats.Malformed == 1, "malformed counted");
    }

    [Test]
    public async Task OversizedLengthPrefix_IsMalformed_NotAnAllocation()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using var bad = await RawClient.ConnectAsync(h.Options.PipeName);
        await bad.HelloAsync(Btc);
        var header = new byte[FrameCodec.HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, uint.MaxValue);
        await bad.SendBytesAsync(header);
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await bad.ReadAsync());
        Assert.That(h.Log.Contains("frame length"), Is.True);
    }

    [Test]
    public async Task OtherProtocolVersion_IsRejectedWithAReason()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using var client = await RawClient.ConnectAsync(h.Options.PipeName);
        var (answer, reason) = await client.HelloAsync(Btc with { Protocol = 99 });
        Assert.That(answer.Kind, Is.EqualTo(FrameKind.Reject));
        Assert.That(reason, Does.Contain("version 99"));
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await client.ReadAsync());
    }

    [Test]
    public async Task SameSymbolOfTwoExchanges_GoesToTwoFolders_AndARestartedWriterAppendsToBoth()
    {
        var spot = Hello.ForWorker("binance-spot", "BTCUSDT");
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using (var um = await RawClient.ConnectAsync(h.Options.PipeName))
        await using (var sp = await RawClient.ConnectAsync(h.Options.PipeName))
        {
            await um.HelloAsync(Btc);
            await sp.HelloAsync(spot);
            await um.SendDataAsync(1, Ms(Day1), AggTrade(1, Ms(Day1)));
            await sp.SendDataAsync(1, Ms(Day1), AggTrade(900, Ms(Day1)));
            await um.WaitForAckAsync(1);
            await sp.WaitForAckAsync(1);
        }

        Assert.That(await h.StopAsync(), Is.EqualTo(0));
        await h.StartAsync();
        await using (var sp = await RawClient.ConnectAsync(h.Options.PipeName))
        {
            var (ack, _) = await sp.HelloAsync(spot);
            Assert.That(ack.Sequence, Is.EqualTo(1UL), "each exchange's symbol is its own source");
            await sp.SendDataAsync(2, Ms(Day1), AggTrade(901, Ms(Day1)));
            await sp.WaitForAckAsync(2);
        }

        var spotFile = Path.Combine(h.DataDir, "binance-spot", "BTCUSDT", "aggtrade_BTCUSDT_20250314.csv");
        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(new long[] { 1 }));
        Assert.That(Ids(spotFile), Is.EqualTo(new long[] { 900, 901 }));
        Assert.That(File.ReadLines(spotFile).Count(l => l == StreamCatalog.AggTrade.Header), Is.EqualTo(1));
    }

    [Test]
    public async Task UnknownExchange_IsRejectedWithAReason()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using var client = await RawClient.ConnectAsync(h.Options.PipeName);
        var (answer, reason) = await client.HelloAsync(Btc with { Exchange = "kraken" });
        Assert.That(answer.Kind, Is.EqualTo(FrameKind.Reject));
        Assert.That(reason, Does.Contain("exchange 'kraken'"));
    }

    [TestCase("../etc")]
    [TestCase("")]
    [TestCase("A/B")]
    public async Task SymbolThatCannotNameAFolder_IsRejected(string symbol)
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using var client = await RawClient.ConnectAsync(h.Options.PipeName);
        var (answer, reason) = await client.HelloAsync(new Hello(FrameCodec.ProtocolVersion, "worker", "worker:x", symbol));
        Assert.That(answer.Kind, Is.EqualTo(FrameKind.Reject));
        Assert.That(reason, Does.Contain("cannot name a data folder"));
    }

    [Test]
    public async Task NewConnectionOfTheSameSource_ReplacesTheOldOne()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using var old = await RawClient.ConnectAsync(h.Options.PipeName);
        await old.HelloAsync(Btc);
        await old.SendDataAsync(1, Ms(Day1), AggTrade(1, Ms(Day1)));
        await old.WaitForAckAsync(1);

        await using var fresh = await RawClient.ConnectAsync(h.Options.PipeName);
        var (ack, _) = await fresh.HelloAsync(Btc);
        Assert.That(ack.Sequence, Is.EqualTo(1UL));
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await old.ReadAsync());
        await fresh.SendDataAsync(2, Ms(Day1), AggTrade(2, Ms(Day1)));
        await fresh.WaitForAckAsync(2);
        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task RowsWithoutFinalNewline_AreCompletedSoNoLineIsTorn()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using var client = await RawClient.ConnectAsync(h.Options.PipeName);
        await client.HelloAsync(Btc);
        await client.SendDataAsync(1, Ms(Day1), AggTrade(1, Ms(Day1)).TrimEnd('\n'));
        await client.SendDataAsync(2, Ms(Day1), AggTrade(2, Ms(Day1)));
        await client.WaitForAckAsync(2);
        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task FirstFrameAfterAHoleTheWriterLost_IsAccepted_AndTheHoleIsRecordedInEvents()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using (var first = await RawClient.ConnectAsync(h.Options.PipeName))
        {
            await first.HelloAsync(Btc);
            await first.SendDataAsync(1, Ms(Day1), AggTrade(1, Ms(Day1)));
            await first.WaitForAckAsync(1);
        }

        // The client was acknowledged up to 4 by a writer that then lost 2..4 (OS crash): it resumes at 5.
        await using var again = await RawClient.ConnectAsync(h.Options.PipeName);
        await again.HelloAsync(Btc);
        await again.SendDataAsync(5, Ms(Day1), AggTrade(5, Ms(Day1)));
        await again.WaitForAckAsync(5);
        await again.SendDataAsync(6, Ms(Day1), AggTrade(6, Ms(Day1)));
        await again.WaitForAckAsync(6);

        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(new long[] { 1, 5, 6 }));
        var events = Directory.GetFiles(Path.Combine(h.DataDir, "BTCUSDT"), "events_BTCUSDT_*.csv").Single();
        var lines = await File.ReadAllLinesAsync(events);
        Assert.That(lines[0], Is.EqualTo(StreamCatalog.Events.Header));
        Assert.That(lines[1], Does.Match(@"^\d+,all,gap,,,writer: frames 2\.\.4 of worker:BTCUSDT were acknowledged and then lost"));
    }

    [Test]
    public async Task ManyFramesInOneWrite_SpanningReadSegments_AreWrittenWholeAndInOrder()
    {
        // The engine reads frames straight from the connection's read segments (64 KB): frames and one payload
        // larger than a segment straddle segment boundaries and must come out whole, in order.
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using var client = await RawClient.ConnectAsync(h.Options.PipeName);
        await client.HelloAsync(Btc);
        var frames = new System.Buffers.ArrayBufferWriter<byte>();
        var id = 0L;
        for (ulong sequence = 1; sequence <= 600; sequence++)
        {
            var rows = new System.Text.StringBuilder();
            var count = sequence == 300 ? 2000 : 1 + (int)(sequence % 4); // frame 300 alone is ~150 KB
            for (var i = 0; i < count; i++)
            {
                rows.Append(AggTrade(++id, Ms(Day1)));
            }

            FrameCodec.Write(frames, FrameKind.Data, StreamType.AggTrade, sequence, Ms(Day1), Bytes(rows.ToString()));
        }

        await client.SendBytesAsync(frames.WrittenMemory);
        await client.WaitForAckAsync(600);

        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(Enumerable.Range(1, (int)id).Select(i => (long)i)));
    }

    [Test]
    public async Task FramesBeforeAMalformedFrameInTheSameRead_AreStillWritten()
    {
        await using var h = new WriterHarness();
        await h.StartAsync();
        await using (var bad = await RawClient.ConnectAsync(h.Options.PipeName))
        {
            await bad.HelloAsync(Btc);
            var bytes = new System.Buffers.ArrayBufferWriter<byte>();
            FrameCodec.Write(bytes, FrameKind.Data, StreamType.AggTrade, 1, Ms(Day1), Bytes(AggTrade(1, Ms(Day1))));
            FrameCodec.Write(bytes, FrameKind.Data, StreamType.AggTrade, 2, Ms(Day1), Bytes(AggTrade(2, Ms(Day1))));
            FrameCodec.WriteControl(bytes, FrameKind.Hello, 0); // not allowed after the handshake
            await bad.SendBytesAsync(bytes.WrittenMemory);
            await Eventually.WaitAsync(() => h.Log.Contains("unexpected Hello frame after the handshake"), "malformed frame logged");
        }

        await using var again = await RawClient.ConnectAsync(h.Options.PipeName);
        var (ack, _) = await again.HelloAsync(Btc);
        Assert.That(ack.Sequence, Is.EqualTo(2UL), "the two frames before the bad one were written");
        Assert.That(Ids(DayFile(h.DataDir, "BTCUSDT", StreamCatalog.AggTrade, Day1)), Is.EqualTo(new long[] { 1, 2 }));
    }
}

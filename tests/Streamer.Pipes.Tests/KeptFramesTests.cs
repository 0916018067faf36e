using System.Buffers;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;
using Streamer.Pipes.Clients;
using Streamer.Pipes.Journal;

namespace Streamer.Pipes.Tests;

/// <summary>The client's store of unacknowledged frames: pooled chunks, spill to the journal, resend in order.</summary>
public class KeptFramesTests
{
    private string _dir = null!;
    private FrameJournal _journal = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("kept-frames-").FullName;
        _journal = FrameJournal.TryOpen(Path.Combine(_dir, "journal"), Hello.ForWorker("BTCUSDT"), out _)!;
    }

    [TearDown]
    public void TearDown()
    {
        _journal.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void AppendAndAcknowledge_SteadyState_AllocatesNothing()
    {
        using var kept = new KeptFrames(64 << 20, _journal);
        var payload = new byte[150];
        for (var i = 0; i < 10_000; i++)
        {
            Cycle(kept, payload); // Warm-up: the index ring and the chunks reach their steady size.
        }

        var allocated = Allocations.Least(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                Cycle(kept, payload);
            }
        });

        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void ChunksAreReleasedOnlyWhenEveryFrameInThemIsAcknowledged()
    {
        using var kept = new KeptFrames(64 << 20, _journal);
        var payload = new byte[1000];
        var perChunk = FrameChunks.ChunkSize / payload.Length;
        for (var i = 0; i < perChunk * 3; i++)
        {
            kept.Append(StreamType.AggTrade, 1, payload);
        }

        Assert.That(kept.ChunksInUse, Is.EqualTo(3));
        kept.Acknowledge(perChunk + 1); // The second chunk still holds unacknowledged frames.
        Assert.That(kept.ChunksInUse, Is.EqualTo(2));
        kept.Acknowledge(kept.NextLocal - 1);
        Assert.That(kept.ChunksInUse, Is.EqualTo(1), "the last chunk is kept, rewound, for the next frames");
        Assert.That(kept.MemoryBytes, Is.Zero);
    }

    [Test]
    public void SpilledAndInMemoryFrames_AreResentInOrderWithTheirBytes()
    {
        using var kept = new KeptFrames(20_000, _journal);
        var frames = Enumerable.Range(1, 300).Select(i => Enumerable.Repeat((byte)i, 50 + (i * 37 % 3000)).ToArray()).ToList();
        frames.Add(new byte[FrameChunks.ChunkSize + 10]); // Larger than a chunk: stored on its own.
        frames.Add([1, 2, 3]);
        foreach (var (frame, i) in frames.Select((f, i) => (f, i)))
        {
            kept.Append(StreamType.Depth, 1000 + i, frame);
            kept.SpillOverflow();
        }

        Assert.That(kept.MemoryBytes, Is.LessThanOrEqualTo(20_000));
        kept.Acknowledge(10);

        var batch = new ArrayBufferWriter<byte>();
        var last = 10L;
        while (last < kept.NextLocal - 1)
        {
            last = kept.CopyAfter(last, 500, batch, batch.WrittenCount + (64 * 1024));
        }

        var received = new List<(FrameHeader Header, byte[] Payload)>();
        var sequence = new ReadOnlySequence<byte>(batch.WrittenMemory);
        while (FrameCodec.TryRead(ref sequence, out var header, out var payload))
        {
            received.Add((header, payload.ToArray()));
        }

        Assert.That(received.Select(r => r.Header.Sequence), Is.EqualTo(Enumerable.Range(11, frames.Count - 10).Select(i => 500UL + (ulong)i)));
        Assert.That(received.Select(r => r.Header.ExchangeTimeMs), Is.EqualTo(Enumerable.Range(10, frames.Count - 10).Select(i => 1000L + i)));
        Assert.That(received.Select(r => r.Payload), Is.EqualTo(frames.Skip(10)));
    }

    private static void Cycle(KeptFrames kept, byte[] payload)
    {
        for (var j = 0; j < 20; j++)
        {
            kept.Append(StreamType.AggTrade, 1, payload);
        }

        kept.Acknowledge(kept.NextLocal - 1);
    }
}

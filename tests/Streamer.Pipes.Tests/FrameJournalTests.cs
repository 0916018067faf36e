using System.Buffers;
using System.Text;
using Streamer.Pipes.Framing;
using Streamer.Core.Streams;
using Streamer.Pipes.Journal;

namespace Streamer.Pipes.Tests;

/// <summary>The on-disk journal of a source: survives its process, recovers torn tails, one owner at a time.</summary>
public class FrameJournalTests
{
    private static readonly Hello Source = Hello.ForWorker("BTCUSDT");
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Path.Combine(Directory.CreateTempSubdirectory("journal-").FullName, "worker_BTCUSDT");

    [TearDown]
    public void TearDown() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    [Test]
    public void Reopened_HoldsEveryFrameInOrder_WithItsBytesAndBase()
    {
        using (var journal = Open())
        {
            journal.SetBase(500);
            for (var i = 1; i <= 100; i++)
            {
                journal.Append(i, StreamType.AggTrade, 1000 + i, Row(i));
            }

            journal.Sync();
        }

        using var reopened = Open();
        Assert.That((reopened.FirstLocal, reopened.LastLocal, reopened.Base), Is.EqualTo((1L, 100L, (ulong?)500)));
        Assert.That(reopened.Damage, Is.Null);
        var frames = Read(reopened, 1, 100, 500);
        Assert.That(frames.Select(f => f.Header.Sequence), Is.EqualTo(Enumerable.Range(1, 100).Select(i => 500UL + (ulong)i)));
        Assert.That(frames.Select(f => f.Header.ExchangeTimeMs), Is.EqualTo(Enumerable.Range(1, 100).Select(i => 1000L + i)));
        Assert.That(frames.Select(f => Encoding.UTF8.GetString(f.Payload)), Is.EqualTo(Enumerable.Range(1, 100).Select(i => Encoding.UTF8.GetString(Row(i)))));
        Assert.That(reopened.RecoveredLastRow(StreamType.AggTrade), Is.EqualTo("100,1.5,2"));
    }

    [Test]
    public void TornLastRecord_IsCutOff_AndTheRestIsKept()
    {
        string segment;
        using (var journal = Open())
        {
            for (var i = 1; i <= 10; i++)
            {
                journal.Append(i, StreamType.AggTrade, i, Row(i));
            }

            segment = Directory.GetFiles(_dir, "*.seg").Single();
        }

        // A kill -9 in the middle of an append: the header of frame 11 and half of its payload.
        var full = File.ReadAllBytes(segment);
        var record = new byte[JournalRecord.HeaderSize + 20];
        JournalRecord.WriteHeader(record, 11, StreamType.AggTrade, 11, new byte[40]);
        File.WriteAllBytes(segment, [.. full, .. record]);

        using var reopened = Open();
        Assert.That((reopened.FirstLocal, reopened.LastLocal), Is.EqualTo((1L, 10L)));
        Assert.That(reopened.Damage, Does.Contain("torn"));
        Assert.That(new FileInfo(segment).Length, Is.EqualTo(full.Length), "the torn tail is cut so appends continue cleanly");
        reopened.Append(11, StreamType.AggTrade, 11, Row(11));
        Assert.That(Read(reopened, 1, 11, 0), Has.Count.EqualTo(11));
    }

    [Test]
    public void CorruptedRecord_EndsTheRecoveredRun()
    {
        using (var journal = Open())
        {
            for (var i = 1; i <= 10; i++)
            {
                journal.Append(i, StreamType.AggTrade, i, Row(i));
            }
        }

        var segment = Directory.GetFiles(_dir, "*.seg").Single();
        var bytes = File.ReadAllBytes(segment);
        var recordSize = JournalRecord.HeaderSize + Row(1).Length;
        bytes[(recordSize * 6) + JournalRecord.HeaderSize] ^= 0x55; // A payload byte of frame 7.
        File.WriteAllBytes(segment, bytes);

        using var reopened = Open();
        Assert.That(reopened.LastLocal, Is.EqualTo(6));
        Assert.That(reopened.Damage, Does.Contain("checksum"));
    }

    [Test]
    public void SecondOwner_IsRefusedWhileTheFirstHoldsIt_AndGetsItAfterwards()
    {
        var first = Open();
        Assert.That(FrameJournal.TryOpen(_dir, Source, out var owner), Is.Null);
        Assert.That(owner, Does.Contain(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        first.Dispose();
        using var second = FrameJournal.TryOpen(_dir, Source, out _);
        Assert.That(second, Is.Not.Null);
    }

    [Test]
    public void AcknowledgedSegments_AreDeleted_WhileTheOutageGoesOn()
    {
        using var journal = Open();
        var payload = new byte[64 * 1024];
        var perSegment = (int)(FrameJournal.SegmentBytes / (payload.Length + JournalRecord.HeaderSize)) + 1;
        for (var i = 1; i <= perSegment * 3; i++)
        {
            journal.Append(i, StreamType.Depth, i, payload);
        }

        Assert.That(Directory.GetFiles(_dir, "*.seg"), Has.Length.EqualTo(3));
        journal.ReleaseThrough(perSegment * 2);
        Assert.That(Directory.GetFiles(_dir, "*.seg"), Has.Length.EqualTo(1));
        Assert.That(journal.FirstLocal, Is.EqualTo((perSegment * 2) + 1));
        Assert.That(JournalInspector.Inspect(_dir).Frames, Is.EqualTo(perSegment));
    }

    [Test]
    public void Inspector_CountsWhatTheWriterDoesNotHave()
    {
        using (var journal = Open())
        {
            journal.SetBase(1000);
            for (var i = 5; i <= 14; i++)
            {
                journal.Append(i, StreamType.AggTrade, i, Row(i));
            }
        }

        var summary = JournalInspector.Inspect(_dir);
        Assert.That((summary.Source, summary.Symbol, summary.Frames), Is.EqualTo(("worker:BTCUSDT", "BTCUSDT", 10L)));
        Assert.That(summary.Unwritten(written: 1008), Is.EqualTo(6), "frames 9..14 are above what the writer has");
        Assert.That(summary.Unwritten(written: 900), Is.EqualTo(10));
        Assert.That(summary.Unwritten(written: 2000), Is.Zero);
        Assert.That(summary.Unwritten(written: null), Is.EqualTo(10));
    }

    private FrameJournal Open() => FrameJournal.TryOpen(_dir, Source, out _) ?? throw new AssertionException("journal is locked");

    private static byte[] Row(int id) => Encoding.UTF8.GetBytes($"{id},1.5,2\n");

    private static List<(FrameHeader Header, byte[] Payload)> Read(FrameJournal journal, long from, long to, ulong sequenceBase)
    {
        var batch = new ArrayBufferWriter<byte>();
        for (var local = from; local <= to; local++)
        {
            journal.CopyFrame(local, sequenceBase, batch);
        }

        var frames = new List<(FrameHeader, byte[])>();
        var sequence = new ReadOnlySequence<byte>(batch.WrittenMemory);
        while (FrameCodec.TryRead(ref sequence, out var header, out var payload))
        {
            frames.Add((header, payload.ToArray()));
        }

        return frames;
    }
}

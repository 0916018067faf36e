using System.Text;
using NUnit.Framework;
using Streamer.Verify.Reading;

namespace Streamer.Verify.Tests;

public class LineScannerTests
{
    [Test]
    public async Task LinesSplitAcrossReads_ArriveWhole()
    {
        var text = string.Concat(Enumerable.Range(0, 1000).Select(i => $"line {i},{new string('x', i % 37)}\n"));
        var sink = new CollectingSink();

        var result = await LineScanner.ScanAsync(new TrickleStream(Encoding.UTF8.GetBytes(text), 7), sink, quoteAware: false, skipFirstLine: false, null, CancellationToken.None);

        Assert.That(sink.Lines, Is.EqualTo(text.Split('\n')[..^1]));
        Assert.That(result.TornBytes, Is.Zero);
    }

    [Test]
    public async Task LastLineWithoutNewline_IsTornNotDelivered()
    {
        var sink = new CollectingSink();

        var result = await LineScanner.ScanAsync(new MemoryStream("a\nb\nunfinished"u8.ToArray()), sink, false, false, null, CancellationToken.None);

        Assert.That(sink.Lines, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(result.TornBytes, Is.EqualTo("unfinished".Length));
        Assert.That(result.Lines, Is.EqualTo(2));
    }

    [Test]
    public async Task LineLongerThanTheBuffer_IsSkippedAndCounted()
    {
        var text = "first\n" + new string('z', LineScanner.BufferSize + 10) + "\nafter\n";
        var sink = new CollectingSink();

        var result = await LineScanner.ScanAsync(new TrickleStream(Encoding.UTF8.GetBytes(text), 300_000), sink, false, false, null, CancellationToken.None);

        Assert.That(sink.Lines, Is.EqualTo(new[] { "first", "after" }));
        Assert.That(sink.Numbers, Is.EqualTo(new[] { 1L, 3L }));
        Assert.That((result.OverlongLines, result.FirstOverlongLine), Is.EqualTo((1L, 2L)));
    }

    [Test]
    public async Task QuoteAware_NewlineInsideQuotesDoesNotEndTheLine()
    {
        var sink = new CollectingSink();

        await LineScanner.ScanAsync(new TrickleStream("1,\"two\nlines\",x\n2,\"say \"\"hi\"\"\",y\n"u8.ToArray(), 3), sink, quoteAware: true, false, null, CancellationToken.None);

        Assert.That(sink.Lines, Is.EqualTo(new[] { "1,\"two\nlines\",x", "2,\"say \"\"hi\"\"\",y" }));
    }

    [Test]
    public async Task SkipFirstLine_DropsThePartialLineAfterASeek()
    {
        var sink = new CollectingSink();

        await LineScanner.ScanAsync(new MemoryStream("tial line\nwhole\n"u8.ToArray()), sink, false, skipFirstLine: true, null, CancellationToken.None);

        Assert.That(sink.Lines, Is.EqualTo(new[] { "whole" }));
    }

    [Test]
    public void Split_CountsFieldsAndKeepsQuotedCommas()
    {
        var fields = new Range[4];
        var line = "1,\"a,b\",,x"u8;

        Assert.That(CsvFields.Split(line, fields, quoteAware: true), Is.EqualTo(4));
        Assert.That(CsvFields.Text(line[fields[1]]), Is.EqualTo("a,b"));
        Assert.That(line[fields[2]].IsEmpty, Is.True);
        Assert.That(CsvFields.Split("1,2,3,4,5,6"u8, fields, quoteAware: false), Is.EqualTo(6));
    }

    [TestCase("123", true)]
    [TestCase("-5", true)]
    [TestCase("", false)]
    [TestCase("12a", false)]
    [TestCase("1.5", false)]
    [TestCase(" 1", false)]
    public void TryParseLong_AcceptsOnlyWholeIntegers(string text, bool ok)
    {
        Assert.That(CsvFields.TryParseLong(Encoding.ASCII.GetBytes(text), out _), Is.EqualTo(ok));
    }

    private sealed class CollectingSink : ILineSink
    {
        public List<string> Lines { get; } = [];

        public List<long> Numbers { get; } = [];

        public void Line(ReadOnlySpan<byte> line, long lineNumber)
        {
            Lines.Add(Encoding.UTF8.GetString(line));
            Numbers.Add(lineNumber);
        }
    }

    /// <summary>Returns at most a few bytes per read, so lines straddle reads.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}

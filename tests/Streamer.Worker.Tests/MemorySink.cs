using System.Collections.Concurrent;
using System.Text;
using Streamer.Pipes;
using Streamer.Core.Streams;

namespace Streamer.Worker.Tests;

/// <summary>An <see cref="IFrameSink"/> that keeps every frame in memory, in order, and acknowledges at once.</summary>
internal sealed class MemorySink : IFrameSink
{
    private readonly ConcurrentQueue<(StreamType Stream, long TimeMs, byte[] Rows)> _frames = new();

    public IReadOnlyList<(StreamType Stream, long TimeMs, byte[] Rows)> Frames => [.. _frames];

    public ValueTask WriteAsync(StreamType stream, long exchangeTimeMs, ReadOnlyMemory<byte> rows, CancellationToken ct)
    {
        Assert.That(rows.Length, Is.GreaterThan(0), "empty frame");
        Assert.That(rows.Span[^1], Is.EqualTo((byte)'\n'), "frames end with a complete row");
        _frames.Enqueue((stream, exchangeTimeMs, rows.ToArray()));
        return ValueTask.CompletedTask;
    }

    public Task DrainAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Rows of a stream in the order they were written.</summary>
    public List<string> Rows(StreamType stream) =>
        [.. Frames.Where(f => f.Stream == stream).SelectMany(f => Encoding.UTF8.GetString(f.Rows).Split('\n', StringSplitOptions.RemoveEmptyEntries))];

    /// <summary>The first column of each row of a stream, as numbers.</summary>
    public List<long> FirstColumn(StreamType stream) =>
        [.. Rows(stream).Select(r => long.Parse(r.AsSpan(0, r.IndexOf(',', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Events rows as (stream, kind, from, to, detail).</summary>
    public List<(string Stream, string Kind, string From, string To, string Detail)> Events() =>
        [.. Rows(StreamType.Events).Select(r => r.Split(',', 6)).Select(f => (f[1], f[2], f[3], f[4], f[5]))];

    /// <summary>Writes every frame to the data files as the writer would (so a restarted worker can resume from them).</summary>
    public void WriteFiles(string dataDir, string symbol)
    {
        foreach (var group in Frames.GroupBy(f => (f.Stream, Day: StreamCatalog.UtcDay(f.TimeMs))))
        {
            var info = StreamCatalog.Get(group.Key.Stream)!;
            var path = Path.Combine(dataDir, symbol, StreamCatalog.FileName(info, symbol, group.Key.Day));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var file = new FileStream(path, FileMode.Append);
            if (file.Length == 0)
            {
                file.Write(Encoding.UTF8.GetBytes(info.Header + "\n"));
            }

            foreach (var frame in group)
            {
                file.Write(frame.Rows);
            }
        }
    }
}

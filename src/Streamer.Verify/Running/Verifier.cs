using System.IO.Compression;
using Parquet;
using Streamer.Storage.Parquet;
using Streamer.Core.Depth;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;
using Streamer.Verify.Checks;
using Streamer.Verify.Cli;
using Streamer.Verify.Files;
using Streamer.Verify.Reading;
using Streamer.Verify.Report;
using Streamer.Pipes.Journal;
using Streamer.Writer.Durability;

namespace Streamer.Verify.Running;

/// <summary>
/// Runs the checks over a data directory (every exchange's tree, <see cref="DataDirectory.List"/>), one symbol at a
/// time (named by its key), one file at a time, with the depth rule of the symbol's exchange. Per symbol the events
/// files are read first (they explain aggtrade and kline holes), then the depth snapshots (they resolve
/// depth breaks), then every other stream day by day in order, so continuity is followed across midnight.
/// When only some days are selected, the day recorded before each selected one is read too (only its last
/// megabyte, when it is not compressed) to check the first rows against it.
/// </summary>
internal sealed class Verifier(string dataDir, VerifyOptions options, TimeProvider time, VerifyProgress progress)
{
    /// <summary>How much of the day before a selected day is read to learn its last ids.</summary>
    internal const int TailBytes = 1 << 20;

    // A live file's last line may be a write in progress; yesterday's file stays open for late rows
    // for the writer's close_grace (10 minutes by default), here given generous room.
    private static readonly TimeSpan LateRowsWindow = TimeSpan.FromHours(1);

    public async Task<VerifyReport> RunAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var report = new VerifyReport(dataDir);
        var (symbols, ignored) = DataDirectory.List(dataDir, options.Symbols, options.Exchanges);
        report.IgnoredFiles.AddRange(ignored);
        report.MissingSymbols.AddRange(options.Symbols.Where(s => symbols.All(f => f.Key != s)));
        progress.Plan(symbols.Sum(PlannedBytes));
        foreach (var symbol in symbols)
        {
            await VerifySymbolAsync(symbol, report, ct).ConfigureAwait(false);
        }

        FindUnwrittenJournals(report);

        report.Sort();
        report.Elapsed = time.GetElapsedTime(started);
        return report;
    }

    /// <summary>Journalled frames above what the writer's checkpoint says it wrote: rows received but not in the files.</summary>
    private void FindUnwrittenJournals(VerifyReport report)
    {
        var written = WriterCheckpoint.WrittenSequences(dataDir);
        foreach (var journal in JournalInspector.InspectAll(dataDir))
        {
            if (journal.Source is null)
            {
                continue;
            }

            var key = JournalKey(journal.Source, journal.Symbol);
            if ((options.Symbols.Count > 0 && !options.Symbols.Contains(key)) || !SelectsExchange(ExchangePaths.ParseKey(key).Exchange))
            {
                continue;
            }

            var unwritten = journal.Unwritten(written is not null && written.TryGetValue(journal.Source, out var w) ? w : null);
            if (unwritten > 0)
            {
                report.UnwrittenJournals.Add(new UnwrittenJournal(key, journal.Source, unwritten, journal.Directory));
            }
        }
    }

    /// <summary>
    /// The key of a journal's rows: a non-default exchange's source names it after the role (<c>worker:binance-spot/BTCUSDT</c>);
    /// any other source (the default exchange's, a worker group's) is known by the symbol of its Hello, as before exchanges.
    /// </summary>
    internal static string JournalKey(string source, string symbol)
    {
        var colon = source.IndexOf(':', StringComparison.Ordinal);
        var named = colon < 0 ? "" : source[(colon + 1)..];
        return named.Contains('/', StringComparison.Ordinal) && ExchangeIds.IsKnown(ExchangePaths.ParseKey(named).Exchange) ? named : symbol;
    }

    private bool SelectsExchange(string exchange) => options.Exchanges is null || options.Exchanges.Contains(exchange);

    private async Task VerifySymbolAsync(SymbolFiles files, VerifyReport report, CancellationToken ct)
    {
        // Every events file, not only the selected days': a hole is often reported days later, when the
        // recorder restarts and finds out what it missed.
        var coverage = new GapCoverage();
        var events = new EventsCheck(coverage);
        foreach (var day in files.Days(StreamCatalog.Events))
        {
            await ReadDayAsync(day, events, Result(report, files.Key, StreamCatalog.Events, day.Day), tail: false, ct).ConfigureAwait(false);
        }

        var snapshots = new SnapshotIds();
        var snapshotCheck = new SnapshotCheck(snapshots);
        foreach (var day in files.Days(StreamCatalog.DepthSnapshot).Where(d => NearSelected(d.Day)))
        {
            await ReadDayAsync(day, snapshotCheck, Result(report, files.Key, StreamCatalog.DepthSnapshot, day.Day), tail: false, ct).ConfigureAwait(false);
        }

        foreach (var stream in StreamCatalog.All.Where(s => s.Type is not (StreamType.Events or StreamType.DepthSnapshot) && options.SelectsStream(s)))
        {
            await VerifyStreamAsync(files, stream, coverage, snapshots, report, ct).ConfigureAwait(false);
        }
    }

    private async Task VerifyStreamAsync(SymbolFiles files, StreamInfo stream, GapCoverage coverage, SnapshotIds snapshots, VerifyReport report, CancellationToken ct)
    {
        var ids = IdSequenceCheck.For(stream, coverage);
        var depth = stream.Type == StreamType.Depth ? new DepthChainCheck(snapshots, DepthRules.For(files.Exchange)) : null;
        IRowCheck? check = (IRowCheck?)ids ?? depth;
        var days = files.Days(stream);
        var followsPrevious = false;
        var lastLive = false;
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            if (!options.Selects(day.Day))
            {
                followsPrevious = false;
                continue;
            }

            if (check is not null && !followsPrevious)
            {
                // The previous day read (if any) is not the one before this: start the chain afresh from
                // the tail of the day recorded before this one.
                depth?.Finish(live: false);
                ids?.Reset();
                if (i > 0)
                {
                    var scratch = new DayResult(files.Key, stream, days[i - 1].Day);
                    await ReadDayAsync(days[i - 1], check, scratch, tail: true, ct).ConfigureAwait(false);
                }
            }

            var result = Result(report, files.Key, stream, day.Day);
            await ReadDayAsync(day, check, result, tail: false, ct).ConfigureAwait(false);
            followsPrevious = true;
            lastLive = IsLive(day.Parts[^1]);
        }

        depth?.Finish(lastLive);
    }

    private DayResult Result(VerifyReport report, string symbol, StreamInfo stream, DateOnly day)
    {
        var result = new DayResult(symbol, stream, day);
        if (options.Selects(day))
        {
            report.Add(result);
        }

        return result;
    }

    private async Task ReadDayAsync(DayFiles day, IRowCheck? check, DayResult result, bool tail, CancellationToken ct)
    {
        foreach (var part in day.Parts)
        {
            await ReadFileAsync(part, check, result, tail, ct).ConfigureAwait(false);
        }
    }

    private async Task ReadFileAsync(DataFile part, IRowCheck? check, DayResult result, bool tail, CancellationToken ct)
    {
        var seek = tail && !part.Compressed && part.Length > TailBytes;
        result.Files.Add(part.RelativePath);
        result.Bytes += part.Length;
        var checker = new FileChecker(part.Stream, result, check, part.RelativePath, tail: seek, part.Exchange);
        var rowsBefore = result.Rows;
        progress.BeginFile(part.RelativePath);
        long startPosition = 0;
        try
        {
            var file = new FileStream(part.Path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                // The writer may be appending to (or compressing) a live file while it is checked.
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.SequentialScan,
                // The scanner reads in 1 MiB blocks itself; gzip reads small chunks and needs a buffer.
                BufferSize = part.Compressed ? 1 << 16 : 0,
            });
            await using (file.ConfigureAwait(false))
            {
                if (seek)
                {
                    startPosition = file.Seek(-TailBytes, SeekOrigin.End);
                }

                var source = part.Encoding switch
                {
                    FileEncoding.Gzip => new GZipStream(file, CompressionMode.Decompress, leaveOpen: true),
                    FileEncoding.Zstd => new ZstdSharp.DecompressionStream(file, leaveOpen: true),
                    FileEncoding.Parquet => new ParquetCsvStream(file),
                    _ => (Stream)file,
                };
                await using (source.ConfigureAwait(false))
                {
                    var scan = await LineScanner.ScanAsync(source, checker, StreamLayout.For(part.Stream).QuoteAware, skipFirstLine: seek,
                        () => progress.Update(file.Position - startPosition, result.Rows - rowsBefore), ct).ConfigureAwait(false);
                    checker.End(scan, IsLive(part));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ParquetException or ZstdSharp.ZstdException)
        {
            result.Add(new Problem(Severity.Error, "read", $"could not be read to the end: {e.Message}", new FileLine(part.RelativePath, FileLine.Unknown)));
        }

        progress.EndFile(seek ? TailBytes : part.Length, result.Rows - rowsBefore);
    }

    /// <summary>Bytes the run will read for a symbol, for the progress display.</summary>
    private long PlannedBytes(SymbolFiles files)
    {
        long total = 0;
        foreach (var stream in StreamCatalog.All)
        {
            var days = files.Days(stream);
            for (var i = 0; i < days.Count; i++)
            {
                var day = days[i].Day;
                var read = stream.Type switch
                {
                    StreamType.Events => true,
                    StreamType.DepthSnapshot => NearSelected(day),
                    _ => options.Selects(day),
                };
                if (read)
                {
                    total += days[i].Length;
                }
                else if (i + 1 < days.Count && options.Selects(days[i + 1].Day) && stream.Type is StreamType.AggTrade or StreamType.Kline1m or StreamType.Trade or StreamType.Depth)
                {
                    total += days[i].Parts.Sum(p => p.Compressed ? p.Length : Math.Min(p.Length, TailBytes));
                }
            }
        }

        return total;
    }

    /// <summary>Snapshots of the selected days and the days around them can resync a selected day's breaks.</summary>
    private bool NearSelected(DateOnly day) =>
        options.Selects(day) || options.Selects(day.AddDays(-1)) || options.Selects(day.AddDays(1));

    /// <summary>A file the writer may still append to: today's, or yesterday's shortly after midnight.</summary>
    private bool IsLive(DataFile file)
    {
        if (file.Compressed)
        {
            return false;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        return file.Day >= today || (file.Day == today.AddDays(-1) && now.TimeOfDay < LateRowsWindow);
    }
}

using Microsoft.Extensions.Logging;
using Streamer.Writer.Compression;
using Streamer.Writer.Files;
using Streamer.Core.Storage;

namespace Streamer.Writer.Durability;

/// <summary>
/// Brings the data directory back to the last checkpoint when the writer starts, so that together
/// with the clients' resends every row ends up in its file exactly once.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Compressions and Parquet seals recorded as committed are finished (rename the complete temporary file to its target, delete the .csv).</item>
/// <item>Same boot (only the writer died): every registered file is cut back to its checkpointed
/// length. Anything beyond was never acknowledged; its clients still hold it and resend it.</item>
/// <item>Different boot, or no usable checkpoint: the clients died too, so complete rows on disk are
/// the only copy and are kept; only a torn last line is cut, in every .csv of the data directory.</item>
/// <item>Leftover temporary files of unfinished compressions are deleted.</item>
/// </list>
/// Finally a fresh checkpoint is written and forced to disk, so the writer starts from a known state.
/// </remarks>
internal sealed class Recovery(IWriterFileSystem fs, string dataDir, CheckpointStore store, string bootId, ILogger logger)
{
    private readonly List<RecoveredLoss> _losses = [];

    /// <summary>Acknowledged rows found missing, for the engine to record in the events files.</summary>
    public IReadOnlyList<RecoveredLoss> Losses => _losses;

    /// <summary>Runs the recovery and returns the state the engine starts from.</summary>
    public Checkpoint Run()
    {
        _losses.Clear();
        store.EnsureDirectory();
        var (outcome, checkpoint) = store.Read();
        var sources = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var files = new Dictionary<string, long>(StringComparer.Ordinal);
        var trimAll = true;
        switch (outcome)
        {
            case CheckpointRead.Missing:
                WriterLog.NoCheckpoint(logger, dataDir);
                break;
            case CheckpointRead.Damaged:
                WriterLog.CheckpointDamaged(logger, store.FilePath);
                break;
            default:
                var cp = checkpoint!;
                FinishCompressions(cp.Compressions);
                var sameBoot = cp.BootId == bootId && bootId != "unknown";
                if (!sameBoot)
                {
                    WriterLog.MachineRestarted(logger);
                }

                foreach (var (relative, length) in cp.Files)
                {
                    var kept = sameBoot ? CutToCheckpoint(relative, length) : KeepCompleteRows(relative, length);
                    if (kept > 0)
                    {
                        files[relative] = kept;
                    }
                }

                foreach (var (name, sequence) in cp.Sources)
                {
                    sources[name] = sequence;
                }

                trimAll = !sameBoot;
                break;
        }

        if (trimAll)
        {
            TrimEveryCsv(files);
        }

        DeleteTemporaryFiles();
        var recovered = new Checkpoint(bootId, sources, files, []);
        store.Write(recovered, durable: true);
        WriterLog.Recovered(logger, sources.Count, files.Count);
        return recovered;
    }

    private void FinishCompressions(IReadOnlyList<CompressionCommit> commits)
    {
        foreach (var c in commits)
        {
            DayFilePaths.PutInPlace(fs, dataDir, c);
        }
    }

    /// <summary>Same boot: the checkpoint is the truth; returns the length kept.</summary>
    private long CutToCheckpoint(string relative, long length)
    {
        var path = DayFilePaths.Absolute(dataDir, relative);
        var actual = fs.GetLength(path);
        if (actual < 0)
        {
            if (length > 0)
            {
                Lost(relative, path, length, 0);
            }

            return 0;
        }

        if (actual > length)
        {
            WriterLog.CutTail(logger, path, actual - length);
            fs.SetLength(path, length);
            actual = length;
        }
        else if (actual < length)
        {
            Lost(relative, path, length, actual);
            actual = TrimTornTail(path, actual);
        }

        if (actual == 0)
        {
            fs.Delete(path); // Registered before its first byte: recreated with a header when rows come.
        }

        return actual;
    }

    /// <summary>Different boot: keep every complete row; returns the length kept.</summary>
    private long KeepCompleteRows(string relative, long length)
    {
        var path = DayFilePaths.Absolute(dataDir, relative);
        var actual = fs.GetLength(path);
        if (actual < length)
        {
            Lost(relative, path, length, Math.Max(actual, 0));
        }

        return actual < 0 ? 0 : TrimTornTail(path, actual);
    }

    private void Lost(string relative, string path, long expected, long actual)
    {
        WriterLog.AcknowledgedBytesMissing(logger, path, expected, actual);
        if (DayFilePaths.TryParseFileName(Path.GetFileName(relative), out var stream, out var symbol, out _))
        {
            _losses.Add(new RecoveredLoss(DayFilePaths.ExchangeOf(relative), symbol, stream.ConfigName, FormattableString.Invariant(
                $"{expected - actual} byte(s) of acknowledged rows missing at the end of {Path.GetFileName(relative)} after a crash")));
        }
    }

    private void TrimEveryCsv(Dictionary<string, long> files)
    {
        foreach (var folder in DayFilePaths.CsvFolders(fs, dataDir))
        {
            foreach (var path in fs.EnumerateFiles(DayFilePaths.Absolute(dataDir, folder), "*.csv"))
            {
                var kept = TrimTornTail(path, fs.GetLength(path));
                var relative = folder + "/" + Path.GetFileName(path);
                if (files.ContainsKey(relative))
                {
                    files[relative] = kept;
                }
            }
        }
    }

    /// <summary>Cuts everything after the last newline (a row the crash tore); deletes a file left with nothing.</summary>
    private long TrimTornTail(string path, long length)
    {
        if (length <= 0)
        {
            if (length == 0)
            {
                fs.Delete(path);
            }

            return 0;
        }

        var keep = LengthThroughLastNewline(path, length);
        if (keep != length)
        {
            WriterLog.TornTailTrimmed(logger, path, length - keep);
            if (keep == 0)
            {
                fs.Delete(path);
            }
            else
            {
                fs.SetLength(path, keep);
            }
        }

        return keep;
    }

    private long LengthThroughLastNewline(string path, long length)
    {
        using var stream = fs.OpenRead(path);
        var chunk = new byte[64 * 1024];
        var end = length;
        while (end > 0)
        {
            var start = Math.Max(0, end - chunk.Length);
            stream.Seek(start, SeekOrigin.Begin);
            var count = (int)(end - start);
            stream.ReadExactly(chunk, 0, count);
            var at = chunk.AsSpan(0, count).LastIndexOf((byte)'\n');
            if (at >= 0)
            {
                return start + at + 1;
            }

            end = start;
        }

        return 0;
    }

    private void DeleteTemporaryFiles()
    {
        foreach (var dir in DayFilePaths.CsvFolders(fs, dataDir).Select(f => DayFilePaths.Absolute(dataDir, f)))
        {
            foreach (var output in Enum.GetValues<SealOutput>())
            {
                foreach (var temp in fs.EnumerateFiles(dir, "*" + CompressionJob.TempInfix(output) + "*.tmp"))
                {
                    fs.Delete(temp);
                }
            }
        }
    }
}

/// <summary>A loss found by the recovery, recorded as a <c>gap</c> row in the symbol's events file.</summary>
internal sealed record RecoveredLoss(string Exchange, string Symbol, string Stream, string Detail);

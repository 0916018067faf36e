using Streamer.Storage.Parquet;
using Streamer.Writer.Compression;
using Streamer.Writer.Durability;
using Streamer.Writer.Files;

namespace Streamer.Writer.Engine;

internal sealed partial class WriteEngine
{
    private static readonly TimeSpan RotationCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A finished day's file also waits this long after its last row before it closes: late rows tend to
    /// come in runs (a spool replayed after an outage), and closing between them would compress the
    /// whole day again for every run.
    /// </summary>
    private static readonly TimeSpan IdleBeforeClose = TimeSpan.FromSeconds(30);

    /// <summary>Compressions whose .gz.tmp is complete, to be journaled and put in place.</summary>
    private readonly List<CompressionCommit> _commits = [];

    /// <summary>Newest compression job per csv; a result from any other job is stale.</summary>
    private readonly Dictionary<string, long> _latestJob = new(StringComparer.Ordinal);

    /// <summary>Closed (or found) csv files waiting for their close time (day's, or hour's with hourly parts) before compression.</summary>
    private readonly Dictionary<string, DateTimeOffset> _awaitingCompression = new(StringComparer.Ordinal);

    private DateTimeOffset _lastRotation;
    private long _nextJobId;
    private bool _commitsJournaled;

    /// <summary>
    /// Closes files whose day (hourly parts: hour) ended more than close_grace ago and whose every byte is
    /// checkpointed, and hands them to compression or sealing. Runs at most once a second.
    /// </summary>
    private void RotateIfDue()
    {
        var now = _time.GetUtcNow();
        if (now - _lastRotation < RotationCheckInterval)
        {
            return;
        }

        _lastRotation = now;
        List<DayFile>? closing = null;
        foreach (var file in _files.Values)
        {
            if (file.Pending.Count == 0 && file.Pending.HoldsArray && now - file.LastRowAt >= RotationCheckInterval)
            {
                file.Pending.Release(); // Idle: its buffer goes back to the pool rather than sit here.
            }

            if (now >= DayFilePaths.CloseTime(file.Key.Day, file.Key.Hour, _options.CloseGrace)
                && now - file.LastRowAt >= IdleBeforeClose
                && file.Pending.Count == 0
                && (file.Handle is null || (_registry.TryGetValue(file.RelativePath, out var length) && length == file.Length)))
            {
                (closing ??= []).Add(file);
            }
        }

        if (closing is not null && _backgroundSync is not null)
        {
            try
            {
                WaitForBackgroundSync(); // It may hold handles of files about to close; those need its fsync.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                DiskFailed(e, now); // Their NeedsSync is set again: the loop below fsyncs them or keeps them open.
            }
        }

        foreach (var file in closing ?? [])
        {
            if (file.Handle is { } handle && file.NeedsSync)
            {
                try
                {
                    handle.Sync(); // Its last fsync: nothing else will cover this file once it is closed.
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    DiskFailed(e, now);
                    continue;
                }
            }

            _files.Remove(file.Key);
            file.Dispose();
            _checkpointDirty |= _registry.Remove(file.RelativePath);
            WriterLog.FileClosed(_logger, file.Path);
            _awaitingCompression[file.RelativePath] = DayFilePaths.CloseTime(file.Key.Day, file.Key.Hour, _options.CloseGrace);
        }

        _stats.FilesOpen(_files.Count);

        // Files registered by the recovery that no row reopened: forget them once their day (hour) is over.
        List<(string Relative, DateTimeOffset CloseTime)>? stale = null;
        foreach (var relative in _registry.Keys)
        {
            if (DayFilePaths.TryGetCloseTime(relative, _options.CloseGrace, out var closeTime) && now >= closeTime && !IsOpen(relative))
            {
                (stale ??= []).Add((relative, closeTime));
            }
        }

        foreach (var (relative, closeTime) in stale ?? [])
        {
            _registry.Remove(relative);
            _checkpointDirty = true;
            _awaitingCompression[relative] = closeTime;
        }

        StartDueCompressions(now);
    }

    /// <summary>At start: every csv of a finished day (hour) that is not open is a candidate for compression or sealing.</summary>
    private void ScheduleStartupCompressions()
    {
        if (Compressor is null)
        {
            return;
        }

        foreach (var relative in CsvFilesOnDisk())
        {
            if (DayFilePaths.TryGetCloseTime(relative, _options.CloseGrace, out var closeTime) && !_registry.ContainsKey(relative))
            {
                _awaitingCompression[relative] = closeTime;
            }
        }

        StartDueCompressions(_time.GetUtcNow());
    }

    private void StartDueCompressions(DateTimeOffset now)
    {
        if (Compressor is null)
        {
            _awaitingCompression.Clear();
            return;
        }

        List<string>? due = null;
        foreach (var (relative, closeTime) in _awaitingCompression)
        {
            if (now >= closeTime)
            {
                (due ??= []).Add(relative);
            }
        }

        foreach (var relative in due ?? [])
        {
            _awaitingCompression.Remove(relative);
            var job = new CompressionJob(++_nextJobId, relative, _options.ClosedOutput ?? SealOutput.Gzip);
            _latestJob[relative] = job.Id;
            Compressor.Enqueue(job);
        }
    }

    /// <summary>A row arrived for a file that was closed: whatever compression was planned for it is void.</summary>
    private void Reopened(string relative)
    {
        _awaitingCompression.Remove(relative);
        _latestJob.Remove(relative);
    }

    private void HandleCompressionDone(CompressionJob job)
    {
        var current = _latestJob.TryGetValue(job.CsvRelativePath, out var id) && id == job.Id && !IsOpen(job.CsvRelativePath);
        if (current)
        {
            _latestJob.Remove(job.CsvRelativePath);
        }

        if (!current || job.Error is not null)
        {
            if (job.Error is not null && current)
            {
                if (job.Output == SealOutput.Parquet)
                {
                    WriterLog.SealFailed(_logger, job.CsvRelativePath, job.Error);
                }
                else
                {
                    WriterLog.CompressionFailed(_logger, job.CsvRelativePath, job.Error);
                }
            }

            try
            {
                _fs.Delete(DayFilePaths.Absolute(_options.DataDir, job.TempRelativePath));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                WriterLog.CleanupFailed(_logger, job.TempRelativePath, e.Message);
            }

            return;
        }

        var target = TargetOf(job);
        _commits.Add(new CompressionCommit(job.CsvRelativePath, job.TempRelativePath, target));
        _stats.Compressed();
        if (job.Output == SealOutput.Parquet)
        {
            WriterLog.PartSealed(_logger, target, job.Rows, job.CsvBytes, job.GzipBytes);
        }
        else
        {
            WriterLog.FileCompressed(_logger, job.CsvRelativePath, job.CsvBytes, job.GzipBytes);
        }
        try
        {
            CompletePendingCommits();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DiskFailed(e, _time.GetUtcNow()); // Retried by the next flush, before any file is opened.
        }
    }

    /// <summary>
    /// Puts finished compressions in place: first a durable checkpoint naming them (the commit point),
    /// then rename .gz.tmp → .csv.gz and delete the csv. A crash after the checkpoint is finished by the
    /// recovery; a crash before it leaves the csv untouched and the temp file is deleted.
    /// </summary>
    private void CompletePendingCommits()
    {
        if (_commits.Count == 0)
        {
            return;
        }

        if (!_commitsJournaled)
        {
            WriteCheckpoint(_registry, useAccepted: false, durable: true);
            _commitsJournaled = true;
        }

        foreach (var commit in _commits)
        {
            _currentPath = DayFilePaths.Absolute(_options.DataDir, commit.CsvRelativePath);
            DayFilePaths.PutInPlace(_fs, _options.DataDir, commit);
        }

        // The journal entries must be gone before the csv can be created again by a late row, or a
        // recovery would delete the new file; the next checkpoint (written before any file opens) drops them.
        _commits.Clear();
        _commitsJournaled = false;
        _checkpointDirty = true;
    }

    /// <summary>
    /// Where a finished job's file goes: next to the csv for gzip and zstd; for Parquet the next free part number of
    /// that day in its layout's folder (picked now, on the engine's thread, and recorded in the commit, so a
    /// recovery renames to the same name).
    /// </summary>
    private string TargetOf(CompressionJob job)
    {
        if (job.Output != SealOutput.Parquet)
        {
            return job.CsvRelativePath + (job.Output == SealOutput.Zstd ? ".zst" : DayFilePaths.CompressedSuffix);
        }

        var csvName = Path.GetFileName(job.CsvRelativePath);
        if (!DayFilePaths.TryParseFileName(csvName, out var stream, out var symbol, out var day))
        {
            throw new InvalidOperationException("only day files are sealed: " + csvName); // Jobs are made from parsed names.
        }

        var folder = PartNames.Folder(_options.Layout, symbol, stream.FilePrefix, day, DayFilePaths.ExchangeOf(job.CsvRelativePath));
        var absolute = DayFilePaths.Absolute(_options.DataDir, folder);
        List<string> existing;
        try
        {
            existing = [.. _fs.EnumerateFiles(absolute, "*" + PartNames.Suffix).Select(Path.GetFileName).OfType<string>()];
        }
        catch (DirectoryNotFoundException)
        {
            existing = []; // The day's first part (hive: its folder is created at the rename).
        }

        var taken = existing.Concat(_commits.Select(c => Path.GetFileName(c.TargetRelativePath)));
        return folder + "/" + PartNames.FileName(csvName, PartNames.NextPart(csvName, taken));
    }

    /// <summary>
    /// Every day csv under the symbol folders and the hive staging folders, relative to the data directory (startup
    /// compressions, seals at stop). Both are looked in whatever the layout, so a layout change finds the other's files.
    /// </summary>
    private List<string> CsvFilesOnDisk()
    {
        var found = new List<string>();
        try
        {
            foreach (var folder in DayFilePaths.CsvFolders(_fs, _options.DataDir))
            {
                foreach (var path in _fs.EnumerateFiles(DayFilePaths.Absolute(_options.DataDir, folder), "*.csv"))
                {
                    var relative = folder + "/" + Path.GetFileName(path);
                    if (DayFilePaths.TryParseFileName(Path.GetFileName(path), out _, out _, out _))
                    {
                        found.Add(relative);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriterLog.CompressionFailed(_logger, _options.DataDir, e.Message);
        }

        return found;
    }

    /// <summary>True when the engine has this very file open (the same key under another folder, from a layout change, is another file).</summary>
    private bool IsOpen(string relative) =>
        DayFilePaths.TryParseFileName(Path.GetFileName(relative), out var stream, out var symbol, out var day, out var hour)
        && _files.TryGetValue(new DayFileKey(symbol, stream.Type, day, hour, DayFilePaths.ExchangeOf(relative)), out var file)
        && file.RelativePath == relative;
}

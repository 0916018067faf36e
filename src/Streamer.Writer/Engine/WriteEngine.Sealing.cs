using Streamer.Core.Configuration;
using Streamer.Writer.Compression;
using Streamer.Writer.Durability;

namespace Streamer.Writer.Engine;

internal sealed partial class WriteEngine
{
    /// <summary>
    /// Graceful stop with Parquet (<c>parquet_seal: hour</c> or <c>stop</c>): after the final flush every csv part, open or left
    /// from earlier, is sealed, so the stopped recording is all Parquet. Each seal follows the compression commit
    /// protocol: complete fsynced temp file, then a durable checkpoint that names the commit and no longer lists
    /// the csv, then rename and delete. A kill during this is finished or undone by the next start's recovery, and
    /// rows never exist twice: the checkpoint stops listing a csv in the same write that names its commit.
    /// </summary>
    private async Task SealAtStopAsync()
    {
        if (_options.Format != StorageFormat.Parquet || _options.ParquetSeal == ParquetSeal.Day || Compressor is null)
        {
            return;
        }

        // Background seals (hours or days that closed, files a restart found) are abandoned, their temporary files
        // deleted: each csv is sealed here instead, so after a graceful stop every row is in a sealed part.
        Compressor.StopBackground();
        _latestJob.Clear();
        var started = _time.GetTimestamp();
        var sealedCount = 0;
        foreach (var relative in CsvFilesOnDisk())
        {
            var job = new CompressionJob(++_nextJobId, relative, SealOutput.Parquet);
            await Compressor.RunJobAsync(job, CancellationToken.None).ConfigureAwait(false);
            if (job.Error is not null)
            {
                WriterLog.SealFailed(_logger, relative, job.Error);
                continue;
            }

            var target = TargetOf(job);
            WriterLog.PartSealed(_logger, target, job.Rows, job.CsvBytes, job.GzipBytes);
            _registry.Remove(relative);
            _commits.Add(new CompressionCommit(relative, job.TempRelativePath, target));
            sealedCount++;
        }

        try
        {
            CompletePendingCommits();
            WriteCheckpoint(_registry, useAccepted: false, durable: true); // Without the finished commits.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The commits are in a durable checkpoint or not at all: the next start finishes or redoes them.
            WriterLog.SealFailed(_logger, _currentPath, e.Message);
        }

        WriterLog.SealedAtStop(_logger, sealedCount, _time.GetElapsedTime(started));
    }
}

using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Streamer.Core.Configuration;
using Streamer.Upload.Sealing;
using Streamer.Upload.State;
using Streamer.Upload.Store;
using Streamer.Writer.Durability;
using Streamer.Writer.Files;

namespace Streamer.Upload.Running;

/// <summary>
/// One pass: find sealed files, send those not yet verified, HEAD each object back, and delete local files whose
/// object is verified when <c>delete_local</c> says so. Never touches a file that is not sealed.
/// </summary>
public sealed class Uploader(UploadConfig config, StorageConfig storage, IObjectStore store, UploadState state, UploadCounters counters, TimeProvider time, ILogger log)
{
    /// <summary>Runs one pass; store failures are returned (the caller backs off), cancellation is thrown.</summary>
    public async Task<PassResult> RunPassAsync(CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        var now = time.GetUtcNow();
        var sealedFiles = SealedFileScanner.Scan(storage.DataDir, now, storage.CloseGrace, SealedFileRule.ConvertsCsv(storage));
        state.Retain(relative => File.Exists(DayFilePaths.Absolute(storage.DataDir, relative)));
        var pending = new List<SealedFile>();
        foreach (var file in sealedFiles)
        {
            if (state.Find(file.RelativePath) is { } done && done.Length == file.Length && done.LastWriteTicks == file.LastWriteUtc.Ticks)
            {
                TryDeleteLocal(file, done.Key, now); // Verified earlier; keep_local_days may only now let it go.
            }
            else
            {
                pending.Add(file);
            }
        }

        Report(pending, now);
        ObjectStoreException? failure = null;
        var left = pending.Count;
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = config.Concurrency, CancellationToken = ct }, async (file, token) =>
        {
            try
            {
                if (await UploadAsync(file, token).ConfigureAwait(false))
                {
                    Interlocked.Decrement(ref left);
                }
            }
            catch (ObjectStoreException e)
            {
                counters.Failed();
                Interlocked.CompareExchange(ref failure, e, null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                UploadLog.LocalFileFailed(log, file.Path, e.Message); // Deleted or replaced meanwhile: the next scan sees it anew.
            }
        }).ConfigureAwait(false);

        SaveState();
        return new PassResult(left, failure);
    }

    private void Report(List<SealedFile> pending, DateTimeOffset now)
    {
        var oldest = pending.Count == 0 ? TimeSpan.Zero : now - DayFilePaths.CloseTime(pending.Min(p => p.Day), storage.CloseGrace);
        counters.Backlog(pending.Count, pending.Sum(p => p.Length), oldest < TimeSpan.Zero ? TimeSpan.Zero : oldest);
    }

    /// <summary>Uploads and verifies one file; false when it changed meanwhile (the next pass takes it again).</summary>
    private async Task<bool> UploadAsync(SealedFile file, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var digest = await FileDigest.ComputeAsync(file.Path, config.MultipartThreshold, config.PartSize, ct).ConfigureAwait(false);
        if (digest.Length != file.Length)
        {
            return false;
        }

        var key = ObjectKeys.For(config.Prefix, config.ServerName, file);
        var existing = await store.HeadAsync(key, ct).ConfigureAwait(false);
        if (existing is not null && !existing.Matches(digest) && state.Find(file.RelativePath)?.Key != key)
        {
            // Someone's object, or the day uploaded before its local file was deleted: never overwrite it. What is
            // here now are rows that came later (the writer's late-row path), a part of its own.
            key = ObjectKeys.LatePart(key, digest.Sha256);
            UploadLog.LatePart(log, file.Path, key);
            existing = await store.HeadAsync(key, ct).ConfigureAwait(false);
        }

        if (existing?.Matches(digest) == true)
        {
            UploadLog.AlreadyThere(log, file.Path, key);
        }
        else
        {
            await store.PutAsync(key, file.Path, digest, ct).ConfigureAwait(false);
            var stored = await store.HeadAsync(key, ct).ConfigureAwait(false);
            if (stored?.Matches(digest) != true)
            {
                throw new ObjectStoreException(StoreFailure.Integrity,
                    $"{key}: the stored object does not match {file.Path} (size {stored?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, expected {digest.Length}); it is sent again");
            }

            counters.Uploaded(digest.Length);
            var elapsed = Stopwatch.GetElapsedTime(started);
            UploadLog.Uploaded(log, file.Path, digest.Length, key, elapsed);
        }

        var info = new FileInfo(file.Path);
        if (!info.Exists || info.Length != file.Length || info.LastWriteTimeUtc != file.LastWriteUtc)
        {
            UploadLog.ChangedDuringUpload(log, file.Path);
            return false;
        }

        state.Set(file.RelativePath, new UploadedFile(file.Length, file.LastWriteUtc.Ticks, digest.Sha256, key));
        TryDeleteLocal(file, key, time.GetUtcNow());
        return true;
    }

    /// <summary>
    /// Deletes a verified file when <c>delete_local</c> and <c>keep_local_days</c> allow, after checking once more
    /// that it is still sealed and unchanged (late rows would have made a sibling .csv or reopened it) and that its
    /// day is over (a Parquet part is uploaded as soon as it is sealed, deleted only then).
    /// </summary>
    private void TryDeleteLocal(SealedFile file, string key, DateTimeOffset now)
    {
        if (!config.DeleteLocal || (config.KeepLocalDays > 0 && file.Day > DateOnly.FromDateTime(now.UtcDateTime).AddDays(-config.KeepLocalDays)))
        {
            return;
        }

        try
        {
            var folder = Path.GetDirectoryName(file.Path)!;
            var siblings = Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var info = new FileInfo(file.Path);
            var context = new SealContext(file.FileName, file.RelativePath, file.Day, now, storage.CloseGrace, SealedFileRule.ConvertsCsv(storage), HeldFiles.Read(storage.DataDir), siblings);
            if (!info.Exists || info.Length != file.Length || info.LastWriteTimeUtc != file.LastWriteUtc || !SealedFileRule.MayDeleteLocal(context))
            {
                return;
            }

            File.Delete(file.Path);
            state.Set(file.RelativePath, null);
            counters.Deleted();
            UploadLog.DeletedLocal(log, file.Path, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            UploadLog.LocalFileFailed(log, file.Path, e.Message);
        }
    }

    private void SaveState()
    {
        try
        {
            state.Save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            UploadLog.StateNotSaved(log, UploadState.Folder(storage.DataDir), e.Message);
        }
    }
}

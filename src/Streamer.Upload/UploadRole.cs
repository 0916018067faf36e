using Microsoft.Extensions.Logging;
using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Core.Status;
using Streamer.Upload.Running;
using Streamer.Upload.State;
using Streamer.Upload.Store;

namespace Streamer.Upload;

/// <summary>
/// The uploader child (<c>streamer uploader</c>), started by the supervisor when <c>upload.enabled</c>. It is a
/// process of its own so that a slow or hung object store never stalls the writer, and the supervisor restarts
/// it like any other child. It only reads the data directory, except for deleting verified files.
/// </summary>
public static class UploadRole
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(1);

    /// <summary>Uploads until <paramref name="ct"/> is cancelled; returns the exit code.</summary>
    public static async Task<int> RunAsync(StreamerConfig config, ILoggerFactory loggers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggers);
        var log = loggers.CreateLogger("uploader");
        var counters = new UploadCounters();
        var time = TimeProvider.System;
        _ = PublishStatusAsync(counters, time, ct);

        // A cron `streamer upload --once` may be running: wait for it rather than upload the same files twice.
        var upload = UploadLock.TryAcquire(config.Storage.DataDir);
        var lockPath = UploadLock.PathFor(config.Storage.DataDir);
        if (upload is null)
        {
            UploadLog.WaitingForLock(log, lockPath);
            counters.SetState("waiting", "another uploader holds " + lockPath);
            while ((upload = UploadLock.TryAcquire(config.Storage.DataDir)) is null)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, ct).ConfigureAwait(false);
            }
        }

        using (upload)
        using (var store = new S3ObjectStore(config.Upload))
        {
            var target = Target(config.Upload);
            UploadLog.Started(log, config.Storage.DataDir, target, config.Upload.ServerName);
            var uploader = new Uploader(config.Upload, config.Storage, store, UploadState.Load(config.Storage.DataDir), counters, time, log);
            try
            {
                await new UploadLoop(config.Upload, uploader, counters, time, log).RunAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // SIGTERM: an interrupted upload is simply done again by the next run (HEAD first).
            }
        }

        StatusLine.Publish(counters.Snapshot());
        return ExitCodes.Ok;
    }

    /// <summary>Where files go, for logs: <c>endpoint/bucket/prefix</c> (no credentials).</summary>
    public static string Target(UploadConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return $"{config.Endpoint?.ToString().TrimEnd('/') ?? "s3:/"}/{config.Bucket}/{config.Prefix}".TrimEnd('/');
    }

    private static async Task PublishStatusAsync(UploadCounters counters, TimeProvider time, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                StatusLine.Publish(counters.Snapshot());
                await Task.Delay(StatusInterval, time, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

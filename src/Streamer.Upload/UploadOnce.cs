using Microsoft.Extensions.Logging;
using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Upload.Running;
using Streamer.Upload.State;
using Streamer.Upload.Store;

namespace Streamer.Upload;

/// <summary>
/// <c>streamer upload --once</c>: uploads what is pending and exits, for cron. Exit 0 when every sealed file is
/// verified in the store, 1 when some could not be uploaded (or another uploader holds the lock), 2 for bad usage.
/// </summary>
public static class UploadOnce
{
    /// <summary>Passes made before giving up on a store that fails (with retry_min_delay doubling between them).</summary>
    private const int Attempts = 3;

    /// <summary>Runs the command; <paramref name="args"/> are what follows <c>upload</c>.</summary>
    public static async Task<int> RunAsync(StreamerConfig config, IReadOnlyList<string> args, ILoggerFactory loggers, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count != 1 || args[0] != "--once")
        {
            await error.WriteLineAsync("error: usage: streamer [-c config.yaml] upload --once   (uploads sealed files now and exits)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (config.Upload.Bucket.Length == 0)
        {
            await error.WriteLineAsync($"error: {Path.GetFileName(config.SourcePath)}: upload.bucket: is required for streamer upload --once").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var upload = UploadLock.TryAcquire(config.Storage.DataDir);
        if (upload is null)
        {
            await error.WriteLineAsync($"error: another uploader holds {UploadLock.PathFor(config.Storage.DataDir)} (a running recorder's uploader, or another upload --once); not uploading beside it").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var log = loggers.CreateLogger("upload");
        var counters = new UploadCounters();
        using var store = new S3ObjectStore(config.Upload);
        var uploader = new Uploader(config.Upload, config.Storage, store, UploadState.Load(config.Storage.DataDir), counters, TimeProvider.System, log);
        var loop = new UploadLoop(config.Upload, uploader, counters, TimeProvider.System, log);
        PassResult result = new(0, null);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            result = await uploader.RunPassAsync(ct).ConfigureAwait(false);
            if (result.Failure is null && result.Pending == 0)
            {
                return ExitCodes.Ok;
            }

            if (result.Failure?.Failure is StoreFailure.Credentials or StoreFailure.Bucket || attempt == Attempts)
            {
                break;
            }

            await Task.Delay(loop.RetryDelay(attempt), ct).ConfigureAwait(false);
        }

        await error.WriteLineAsync($"error: {result.Pending} file(s) not uploaded: {result.Failure?.Message ?? "they changed while being sent"}").ConfigureAwait(false);
        return ExitCodes.Failure;
    }
}

using Microsoft.Extensions.Logging;
using Streamer.Core.Configuration;
using Streamer.Upload.Store;

namespace Streamer.Upload.Running;

/// <summary>
/// Passes of <see cref="Uploader"/> for as long as the process runs: every <c>scan_interval</c> while the store
/// answers, with a delay from <c>retry_min_delay</c> doubling to <c>retry_max_delay</c> while it does not. A store
/// that is down only grows the backlog; nothing is deleted that is not verified.
/// </summary>
public sealed class UploadLoop(UploadConfig config, Uploader uploader, UploadCounters counters, TimeProvider time, ILogger log)
{
    /// <summary>Runs until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        var failures = 0;
        while (true)
        {
            var result = await uploader.RunPassAsync(ct).ConfigureAwait(false);
            TimeSpan delay;
            if (result.Failure is { } failure)
            {
                failures++;
                delay = RetryDelay(failures);
                counters.SetState(StateOf(failure.Failure), failure.Message);
                if (failure.Failure is StoreFailure.Credentials or StoreFailure.Bucket)
                {
                    UploadLog.Refused(log, failure.Message, result.Pending, delay);
                }
                else
                {
                    UploadLog.Failed(log, "(store)", failure.Message, result.Pending, delay);
                }
            }
            else
            {
                if (failures > 0)
                {
                    UploadLog.Recovered(log, result.Pending);
                }

                failures = 0;
                counters.SetState(result.Pending == 0 ? "idle" : "uploading", null);
                // Files that changed while they were sent go again at once rather than a scan interval later.
                delay = result.Pending == 0 ? config.ScanInterval : config.RetryMinDelay;
            }

            await Task.Delay(delay, time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>retry_min_delay · 2^(failures-1), capped at retry_max_delay.</summary>
    public TimeSpan RetryDelay(int failures)
    {
        var factor = Math.Pow(2, Math.Min(30, Math.Max(0, failures - 1)));
        var ticks = Math.Min(config.RetryMaxDelay.Ticks, config.RetryMinDelay.Ticks * factor);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The status state of a failure.</summary>
    public static string StateOf(StoreFailure failure) => failure switch
    {
        StoreFailure.Credentials => "bad-credentials",
        StoreFailure.Bucket => "no-bucket",
        _ => "store-down",
    };
}

using Microsoft.Extensions.Logging;
using Streamer.Core.Configuration;

namespace Streamer.Writer;

/// <summary>
/// The <c>streamer writer</c> role: the one process that writes every CSV row, exactly once, through
/// crashes, midnight and a full disk. See README.md in this folder for the durability design.
/// </summary>
/// <remarks>
/// Durability in one paragraph: rows arrive as numbered frames per source. Every flush_interval the
/// writer hands buffered rows to the OS, atomically replaces <c>{data_dir}/.writer/checkpoint</c>
/// (per source the last sequence written, per file its length) and only then acknowledges. After a
/// <c>kill -9</c> the next start cuts every file back to the checkpoint and the clients resend what was
/// not acknowledged, so no row is lost, doubled or torn. fsync (fsync_interval, fsync_rows) bounds
/// what an OS crash can take: with the defaults at most ~1 s or 100,000 acknowledged rows.
/// </remarks>
public static class WriterRole
{
    /// <summary>Runs the writer until <paramref name="ct"/> is cancelled; returns the exit code (0 after a complete flush).</summary>
    public static Task<int> RunAsync(StreamerConfig config, string runId, ILoggerFactory loggers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(loggers);
        // Serve producers that are still finishing their own stop (group-wide SIGTERM) before closing.
        var options = WriterOptions.FromConfig(config, runId) with { StopLinger = TimeSpan.FromSeconds(8) };
        return new WriterServer(options, loggers).RunAsync(ct);
    }
}

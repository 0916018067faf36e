using System.Globalization;

namespace Streamer.Verify.Running;

/// <summary>
/// A one-line progress display on a terminal (file, MB done / total, rows/s), redrawn a few times a
/// second in place with a carriage return, and erased at the end so the report starts on a clean line.
/// Only used when stderr is a terminal: redirected output gets nothing of it.
/// </summary>
internal sealed class ProgressDisplay(VerifyProgress progress, TextWriter terminal, TimeProvider time)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);
    private const string EraseLine = "\r\u001b[K";

    /// <summary>Redraws until <paramref name="ct"/> is cancelled, then erases the line.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        using var timer = new PeriodicTimer(Refresh, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var seconds = Math.Max(time.GetElapsedTime(started).TotalSeconds, 0.001);
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{EraseLine}verify {progress.File}  {progress.BytesDone / 1e6:0.0}/{progress.TotalBytes / 1e6:0.0} MB  {progress.RowsDone / seconds:N0} rows/s");
                await terminal.WriteAsync(line).ConfigureAwait(false);
                await terminal.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await terminal.WriteAsync(EraseLine).ConfigureAwait(false);
        await terminal.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }
}

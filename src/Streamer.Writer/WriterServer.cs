using Microsoft.Extensions.Logging;
using Streamer.Core;
using Streamer.Writer.Compression;
using Streamer.Writer.Durability;
using Streamer.Writer.Engine;
using Streamer.Writer.Pipes;
using Streamer.Writer.Status;

namespace Streamer.Writer;

/// <summary>
/// The writer process assembled: recovery, the write engine, the pipe listener, background compression
/// and the status line. <see cref="WriterRole"/> runs it from config.yaml; tests run it with injected
/// clocks and file systems.
/// </summary>
public sealed class WriterServer(WriterOptions options, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("writer");
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ByteBudget? _budget;

    /// <summary>Live counters (also published as the status line).</summary>
    public WriterStats Stats { get; } = new();

    /// <summary>Bytes read from clients and not yet written (bounded by <see cref="WriterOptions.MaxBufferedBytes"/>).</summary>
    public long BufferedBytes => _budget?.Used ?? 0;

    /// <summary>Completes when recovery is done and the pipe accepts clients; faults when listening fails.</summary>
    public Task Ready => _ready.Task;

    /// <summary>
    /// Runs until <paramref name="ct"/> is cancelled (graceful stop: everything received is written and
    /// fsynced) and returns the exit code.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var background = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var status = PublishStatusAsync(background.Token);
        try
        {
            var store = new CheckpointStore(options.FileSystem, options.DataDir);
            using var dataDirLock = await LockDataDirAsync(store, ct).ConfigureAwait(false);
            if (dataDirLock is null)
            {
                _ready.TrySetCanceled(ct);
                return ExitCodes.Ok;
            }

            var recovery = new Recovery(options.FileSystem, options.DataDir, store, BootId.Current(), _logger);
            var recovered = await RecoverAsync(recovery, ct).ConfigureAwait(false);
            if (recovered is null)
            {
                _ready.TrySetCanceled(ct);
                return ExitCodes.Ok; // Stopped before the data directory became usable; nothing was received.
            }

            var budget = _budget = new ByteBudget(options.MaxBufferedBytes);
            var engine = new WriteEngine(options, store, recovered, budget, Stats, _logger);
            foreach (var loss in recovery.Losses)
            {
                engine.RecordLoss(loss.Exchange, loss.Symbol, loss.Stream, loss.Detail);
            }

            var compression = Task.CompletedTask;
            if (options.ClosedOutput is not null)
            {
                var compressor = new DayCompressor(options.FileSystem, options.DataDir,
                    job => engine.Post(new EngineCommand(EngineCommandKind.CompressionDone, Job: job)), _logger);
                engine.Compressor = compressor;
                compression = compressor.RunAsync(background.Token);
            }

            var engineRun = engine.RunAsync(background.Token);
            using var accepting = new CancellationTokenSource();
            using var segments = new ReadSegmentPool();
            var linger = LingerThenStopAcceptingAsync(options.StopLinger, accepting, ct);
            var listener = new PipeListener(options.PipeName,
                (id, pipe) => new WriterConnection(id, pipe, engine, budget, segments, Stats, options.HandshakeTimeout, _logger).RunAsync(accepting.Token),
                _logger);
            var listening = listener.RunAsync(accepting.Token);
            var exitCode = ExitCodes.Ok;
            try
            {
                await listener.Listening.ConfigureAwait(false);
                Stats.SetState("writing");
                WriterLog.Listening(_logger, options.PipeName, options.DataDir);
                _ready.TrySetResult();
            }
            catch (IOException e)
            {
                _ready.TrySetException(e);
                exitCode = ExitCodes.Failure;
            }

            if (await Task.WhenAny(listening, engineRun).ConfigureAwait(false) == engineRun)
            {
                // The engine only ends early through a bug. Accepting frames nobody writes would be a silent
                // hole: stop, so the supervisor restarts the writer and the recovery sorts the files out.
                await accepting.CancelAsync().ConfigureAwait(false);
            }

            await listening.ConfigureAwait(false);
            await accepting.CancelAsync().ConfigureAwait(false);
            await linger.ConfigureAwait(false);
            WriterLog.Draining(_logger);
            engine.Complete();
            bool flushed;
            try
            {
                flushed = await engineRun.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                WriterLog.EngineFailed(_logger, e);
                return ExitCodes.Failure;
            }

            await background.CancelAsync().ConfigureAwait(false);
            await compression.ConfigureAwait(false);
            if (flushed)
            {
                WriterLog.Stopped(_logger);
            }

            return flushed ? exitCode : ExitCodes.Failure;
        }
        finally
        {
            await background.CancelAsync().ConfigureAwait(false);
            await status.ConfigureAwait(false);
            options.PublishStatus?.Invoke(Stats.Snapshot());
        }
    }

    /// <summary>
    /// Once <paramref name="stop"/> fires, keeps accepting while producers are connected (they are finishing
    /// their own graceful stop), for at most <paramref name="linger"/>, then stops accepting.
    /// </summary>
    private async Task LingerThenStopAcceptingAsync(TimeSpan linger, CancellationTokenSource accepting, CancellationToken stop)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, accepting.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stop requested (or accepting already ended by an engine failure).
        }

        if (accepting.IsCancellationRequested)
        {
            return;
        }

        // Real time on purpose: this waits for other processes, whatever clock the files follow.
        var started = TimeProvider.System.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (Stats.Connections > 0 && !accepting.IsCancellationRequested && TimeProvider.System.GetElapsedTime(started) < linger)
        {
            await timer.WaitForNextTickAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await accepting.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Takes <c>{data_dir}/.writer/lock</c> so two writers never share a data directory (two streamers
    /// started on one config). Waits while another holds it, which also covers an old writer still
    /// finishing while its replacement starts; null when stopped meanwhile.
    /// </summary>
    private async Task<IDisposable?> LockDataDirAsync(CheckpointStore store, CancellationToken ct)
    {
        var path = Path.Combine(store.Directory, "lock");
        var logged = false;
        while (true)
        {
            try
            {
                store.EnsureDirectory();
                return options.FileSystem.LockExclusive(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (!logged)
                {
                    logged = true;
                    WriterLog.DataDirLocked(_logger, options.DataDir, e.Message);
                }

                Stats.SetState("waiting", $"another writer is using {options.DataDir}");
            }

            try
            {
                await Task.Delay(options.DiskRetryInterval, options.Time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Runs the recovery, retrying every second while the data directory refuses (full, read-only):
    /// exiting would only make the supervisor restart the writer into the same wall.
    /// </summary>
    private async Task<Checkpoint?> RecoverAsync(Recovery recovery, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return recovery.Run();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Stats.DiskError();
                Stats.SetState("disk-full", $"cannot prepare {options.DataDir}: {e.Message}");
                WriterLog.RecoveryFailed(_logger, options.DataDir, e.Message);
            }

            try
            {
                await Task.Delay(options.DiskRetryInterval, options.Time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    private async Task PublishStatusAsync(CancellationToken ct)
    {
        if (options.PublishStatus is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.StatusInterval, options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                options.PublishStatus(Stats.Snapshot());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

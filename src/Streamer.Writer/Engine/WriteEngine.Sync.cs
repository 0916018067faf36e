using System.Runtime.ExceptionServices;
using Streamer.Writer.Files;
using Streamer.Core.Storage;

namespace Streamer.Writer.Engine;

/// <summary>
/// Periodic fsync off the engine's thread. One fsync of a second of data takes from milliseconds to a few
/// hundred (measured here: 15-200 ms for ~10 MB over 30 files); on the engine's thread it stopped every
/// connection from being served meanwhile, and at high rates (fsync_rows reached several times a second)
/// it took most of the engine's time. Acknowledgements never waited for these periodic fsyncs (they follow
/// the checkpoint, which a writer crash cannot undo), so running them in the background changes what an OS
/// crash can lose only by the duration of one fsync. When every flush must be durable (fsync_interval 0)
/// and at the final flush, fsync stays inline, before the checkpoint and the acks.
/// </summary>
internal sealed partial class WriteEngine
{
    /// <summary>Files (and their handles) the running background fsync covers; reused.</summary>
    private readonly List<(DayFile File, IWritableFile Handle)> _syncing = [];

    private Task? _backgroundSync;
    private volatile string? _syncFailedPath;

    /// <summary>A background fsync finished since the last durable checkpoint: make the next checkpoint durable too.</summary>
    private bool _checkpointSyncDue;

    /// <summary>
    /// Rows were written since the last fsync started. Then a due fsync is flush work of its own: without
    /// new rows the last ones would otherwise wait for the next row (or the file's close) to be fsynced.
    /// </summary>
    private bool _unsyncedWrites;

    /// <summary>Starts a background fsync of every file written since the last one, unless one is still running.</summary>
    private void StartBackgroundSync()
    {
        if (_backgroundSync is not null)
        {
            return;
        }

        _syncing.Clear();
        _unsyncedWrites = false;
        foreach (var file in _files.Values)
        {
            if (file.NeedsSync && file.Handle is { } handle)
            {
                _syncing.Add((file, handle));
                file.NeedsSync = false;
            }
        }

        _fsync.Synced(); // The interval and the row count restart now; what comes next waits for the next one.
        if (_syncing.Count > 0)
        {
            _backgroundSync = Task.Factory.StartNew(static state => ((WriteEngine)state!).SyncFiles(), this,
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        else
        {
            _checkpointSyncDue = true;
        }
    }

    /// <summary>Runs on its own thread: only the handles, never the engine's dictionaries.</summary>
    private void SyncFiles()
    {
        foreach (var (file, handle) in _syncing)
        {
            try
            {
                handle.Sync();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _syncFailedPath = file.Path;
                throw;
            }
        }
    }

    /// <summary>
    /// Takes the result of a finished background fsync (the engine's thread). A failure puts its files back
    /// to "needs fsync" and is thrown, so the flush fails like an inline fsync failure did: nothing more is
    /// acknowledged until the disk works again.
    /// </summary>
    private void CollectBackgroundSync(bool wait)
    {
        if (_backgroundSync is not { } sync || (!wait && !sync.IsCompleted))
        {
            return;
        }

        try
        {
            sync.Wait();
        }
        catch (AggregateException e) when (e.InnerException is IOException or UnauthorizedAccessException)
        {
            // Handled below.
        }

        _backgroundSync = null;
        if (sync.IsFaulted)
        {
            foreach (var (file, _) in _syncing)
            {
                file.NeedsSync = !file.Closed;
            }

            _unsyncedWrites = true;

            _syncing.Clear();
            _currentPath = _syncFailedPath ?? _currentPath;
            ExceptionDispatchInfo.Throw(sync.Exception!.InnerException!);
        }

        _syncing.Clear();
        _checkpointSyncDue = true;
    }

    /// <summary>Waits for a running background fsync, e.g. before closing files it may be syncing.</summary>
    private void WaitForBackgroundSync() => CollectBackgroundSync(wait: true);
}

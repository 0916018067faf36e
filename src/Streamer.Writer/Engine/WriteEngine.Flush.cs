using Streamer.Writer.Durability;
using Streamer.Writer.Files;

namespace Streamer.Writer.Engine;

internal sealed partial class WriteEngine
{
    private bool _failing;
    private DateTimeOffset _failingSince;
    private DateTimeOffset _nextRetry;
    private DateTimeOffset _lastFailureLog;
    private string _currentPath = "";

    // Reused at every flush (cleared, never shrunk), so a flush allocates nothing in steady state.
    private readonly Dictionary<string, long> _checkpointLengths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _checkpointSources = new(StringComparer.Ordinal);

    /// <summary>Bytes accepted but not yet written to the OS.</summary>
    public long PendingBytes => _pendingBytes;

    private bool HasFlushWork =>
        _pendingBytes > 0 || _checkpointDirty || _registrationPending || _commits.Count > 0
        || _backgroundSync is not null || _checkpointSyncDue || (_unsyncedWrites && _fsync.IsDue) || SourcesHaveFlushWork();

    private bool SourcesHaveFlushWork()
    {
        foreach (var s in _sources.Values)
        {
            if (s.Accepted != s.Durable || s.AckDue || s.HelloAckPending)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Flushes unless the disk is failing and its retry time has not come.</summary>
    private void TryFlush()
    {
        var now = _time.GetUtcNow();
        if (_failing && now < _nextRetry)
        {
            return;
        }

        _flushDue = false;
        if (!HasFlushWork)
        {
            return;
        }

        try
        {
            Flush(forceSync: false);
            if (_failing)
            {
                _failing = false;
                WriterLog.DiskRecovered(_logger, now - _failingSince);
            }

            _stats.SetState("writing");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DiskFailed(e, now);
        }
    }

    /// <summary>
    /// Writes every buffered row to its file, checkpoints, then acknowledges. Each step is idempotent:
    /// writes go to explicit offsets that only advance on success, so a failure anywhere (a full disk)
    /// is retried from the start without tearing or doubling a row, and nothing is acknowledged until a
    /// checkpoint covers it.
    /// </summary>
    private void Flush(bool forceSync)
    {
        CompletePendingCommits();
        OpenFilesWithRows();
        WriteRows();

        // Every flush durable (fsync_interval 0) or the last one: fsync here, before the checkpoint and the
        // acks. Otherwise in the background (WriteEngine.Sync.cs), and the checkpoint after it is made durable.
        var inline = forceSync || _options.FsyncInterval <= TimeSpan.Zero;
        bool sync;
        if (inline)
        {
            WaitForBackgroundSync();
            foreach (var file in _files.Values)
            {
                if (file.NeedsSync && file.Handle is { } handle)
                {
                    _currentPath = file.Path;
                    handle.Sync();
                    file.NeedsSync = false;
                }
            }

            _unsyncedWrites = false;
            sync = true;
        }
        else
        {
            CollectBackgroundSync(wait: false);
            if (_fsync.IsDue)
            {
                StartBackgroundSync();
            }

            sync = _checkpointSyncDue;
        }

        // The new lengths enter the registry only once the checkpoint holding them is in place.
        var lengths = _checkpointLengths;
        lengths.Clear();
        foreach (var (path, length) in _registry)
        {
            lengths[path] = length;
        }

        foreach (var file in _files.Values)
        {
            if (file.Handle is not null)
            {
                lengths[file.RelativePath] = file.Length;
            }
        }

        WriteCheckpoint(lengths, useAccepted: true, durable: sync);
        foreach (var (path, length) in lengths)
        {
            _registry[path] = length;
        }

        if (inline)
        {
            _fsync.Synced();
        }

        _checkpointSyncDue &= !sync;

        foreach (var source in _sources.Values)
        {
            source.Durable = source.Accepted;
        }

        Acknowledge();
    }

    /// <summary>Registers (write-ahead) and opens files that have rows but no handle yet.</summary>
    private void OpenFilesWithRows()
    {
        _filesWithRows.RemoveAll(f => f.Closed || f.Pending.Count == 0);
        foreach (var file in _filesWithRows)
        {
            if (file.Handle is null && !_registry.ContainsKey(file.RelativePath))
            {
                // Record the file at its current length before the first byte goes in, so a crash
                // after the write still finds it in the checkpoint and cuts it back.
                _currentPath = file.Path;
                _fs.CreateDirectory(Path.GetDirectoryName(file.Path)!);
                _registry[file.RelativePath] = Math.Max(0, _fs.GetLength(file.Path));
                _registrationPending = true;
            }
        }

        if (_registrationPending)
        {
            WriteCheckpoint(_registry, useAccepted: false, durable: false);
        }

        foreach (var file in _filesWithRows)
        {
            if (file.Handle is null)
            {
                _currentPath = file.Path;
                _fs.CreateDirectory(Path.GetDirectoryName(file.Path)!);
                file.Handle = _fs.OpenWritable(file.Path);
                file.Length = file.Handle.Length;
            }

            if (file.Length == 0)
            {
                _currentPath = file.Path;
                file.Handle.Write(file.Header, 0);
                file.Length = file.Header.Length;
                file.NeedsSync = true;
            }
        }
    }

    private void WriteRows()
    {
        foreach (var file in _filesWithRows)
        {
            var count = file.Pending.Count;
            if (count == 0)
            {
                continue; // Written by an earlier attempt that failed on another file.
            }

            _currentPath = file.Path;
            file.Handle!.Write(file.Pending.Span, file.Length);
            file.Length += count;
            file.NeedsSync = true;
            _unsyncedWrites = true;
            _fsync.AddRows(file.PendingRows);
            _stats.Written(file.PendingRows, count);
            file.PendingRows = 0;
            file.Pending.Clear();
            _pendingBytes -= count;
            _budget.Release(count);
        }

        _filesWithRows.Clear();
        _stats.Buffered(_pendingBytes);
        var writtenAtMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var exchangeTimeMs in _unwrittenFrameTimes)
        {
            _stats.Latency.Observe(exchangeTimeMs, writtenAtMs);
        }

        _unwrittenFrameTimes.Clear();
    }

    /// <summary>
    /// Replaces the checkpoint. <paramref name="useAccepted"/>: every accepted row is written, so the
    /// sources advance; otherwise (a registration or journal entry before the rows are written) the
    /// sources stay at what is durable, matching the registry's lengths.
    /// </summary>
    private void WriteCheckpoint(IReadOnlyDictionary<string, long> files, bool useAccepted, bool durable)
    {
        var sources = _checkpointSources;
        sources.Clear();
        foreach (var s in _sources.Values)
        {
            sources[s.Name] = useAccepted ? s.Accepted : s.Durable;
        }

        _currentPath = _store.FilePath;
        _store.Write(new Checkpoint(_bootId, sources, files, _commits.Count == 0 ? [] : [.. _commits]), durable);
        _registrationPending = false;
        _checkpointDirty = false;
    }

    private void Acknowledge()
    {
        foreach (var source in _sources.Values)
        {
            if (source.Owner is null)
            {
                continue;
            }

            if (source.HelloAckPending)
            {
                SendHelloAck(source);
            }
            else if (source.Durable > source.AckSent || source.AckDue)
            {
                _stats.Acked((long)(source.Durable - source.AckSent));
                source.AckSent = source.Durable;
                source.Owner.SendAck(source.Durable);
            }

            source.AckDue = false;
        }
    }

    private void DiskFailed(Exception e, DateTimeOffset now)
    {
        _stats.DiskError();
        _nextRetry = now + _options.DiskRetryInterval;
        var free = _fs.AvailableFreeSpace(_options.DataDir);
        var freeText = free is { } f ? FormattableString.Invariant($"{f / (1024 * 1024)} MiB free") : "free space unknown";
        if (!_failing)
        {
            _failing = true;
            _failingSince = now;
            _lastFailureLog = now;
            WriterLog.DiskFailing(_logger, _currentPath, freeText, _pendingBytes, e.Message);
        }
        else if (now - _lastFailureLog >= TimeSpan.FromSeconds(30))
        {
            _lastFailureLog = now;
            WriterLog.DiskStillFailing(_logger, now - _failingSince, _currentPath, freeText, _pendingBytes, e.Message);
        }

        _stats.SetState("disk-full", FormattableString.Invariant($"cannot write {_currentPath}: {e.Message} ({freeText}); nothing is acknowledged until it works again"));
    }

    /// <summary>The last flush of a graceful stop: retried until it works or the stop timeout passes.</summary>
    private async Task<bool> FinalFlushAsync()
    {
        _stats.SetState("draining");
        var deadline = _time.GetUtcNow() + _options.StopFlushTimeout;
        while (true)
        {
            try
            {
                Flush(forceSync: true);
                CloseAll();
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var now = _time.GetUtcNow();
                DiskFailed(e, now);
                if (now >= deadline)
                {
                    WriterLog.FinalFlushFailed(_logger, _pendingBytes, e.Message);
                    CloseAll();
                    return false;
                }

                await Task.Delay(_options.DiskRetryInterval, _time).ConfigureAwait(false);
            }
        }
    }

    private void CloseAll()
    {
        try
        {
            WaitForBackgroundSync(); // Never close a handle under a running fsync.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The final flush already failed and said so; these rows were never acknowledged as synced.
        }

        foreach (var file in _files.Values)
        {
            file.Dispose();
        }

        _files.Clear();
        _stats.FilesOpen(0);
    }
}

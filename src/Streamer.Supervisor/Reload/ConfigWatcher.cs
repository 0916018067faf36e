using System.Threading.Channels;

namespace Streamer.Supervisor.Reload;

/// <summary>
/// Calls back when <c>config.yaml</c> changed (or <see cref="Trigger"/> was called, e.g. on SIGHUP),
/// once per burst: editors write a file in several steps (truncate, write, rename), so changes are
/// debounced and the file is read only after it has been quiet for a moment.
/// </summary>
public sealed class ConfigWatcher : IAsyncDisposable
{
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly FileSystemWatcher? _watcher;
    private readonly TimeSpan _debounce;
    private readonly Func<CancellationToken, Task> _onChange;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="path">File to watch (null: only <see cref="Trigger"/>).</param>
    /// <param name="debounce">Quiet time after the last change before <paramref name="onChange"/> runs.</param>
    /// <param name="onChange">Reloads; never runs concurrently with itself.</param>
    /// <param name="cannotWatch">Told why the file cannot be watched (e.g. the inotify limit is reached); SIGHUP still works.</param>
    public ConfigWatcher(string? path, TimeSpan debounce, Func<CancellationToken, Task> onChange, Action<string>? cannotWatch = null)
    {
        _debounce = debounce;
        _onChange = onChange;
        if (path is not null)
        {
            var full = Path.GetFullPath(path);
            try
            {
                _watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
                {
                    NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                _watcher.Changed += (_, _) => Trigger();
                _watcher.Created += (_, _) => Trigger();
                _watcher.Renamed += (_, _) => Trigger();
                // Lost events (buffer overflow): re-reading the file is always safe.
                _watcher.Error += (_, _) => Trigger();
                _watcher.EnableRaisingEvents = true;
            }
            catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
            {
                _watcher?.Dispose();
                _watcher = null;
                cannotWatch?.Invoke(e.Message);
            }
        }

        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Asks for a reload (coalesced with any pending one).</summary>
    public void Trigger() => _signals.Writer.TryWrite(true);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _watcher?.Dispose();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (await _signals.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                _signals.Reader.TryRead(out _);
                // Wait until the burst is over: every further change restarts the quiet period.
                do
                {
                    await Task.Delay(_debounce, ct).ConfigureAwait(false);
                }
                while (_signals.Reader.TryRead(out _));

                await _onChange(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Disposed.
        }
    }
}

using Streamer.Core;
using System.Runtime.InteropServices;
using Streamer.Core.Processes;

namespace Streamer;

/// <summary>
/// Signal handling of a child: SIGTERM (and the supervisor's disappearance) cancel the role's token,
/// which is its graceful stop; SIGINT is ignored because Ctrl+C in a terminal reaches the whole
/// process group and the supervisor orchestrates the shutdown order itself.
/// </summary>
internal sealed class RoleSignals : IDisposable
{
    private static readonly TimeSpan ParentPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a child whose supervisor died may take to stop gracefully before it exits anyway.</summary>
    private static readonly TimeSpan OrphanExitDeadline = TimeSpan.FromSeconds(4);

    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly CancellationTokenSource _watch = new();

    /// <param name="stop">Cancelled on SIGTERM or when the parent is gone.</param>
    /// <param name="parentPid">Supervisor pid to watch (0: none).</param>
    /// <param name="ignoreInterrupt">Ignore SIGINT (children of a supervisor); otherwise SIGINT stops too.</param>
    /// <param name="parentGone">Called once when the parent disappeared.</param>
    public RoleSignals(CancellationTokenSource stop, int parentPid, bool ignoreInterrupt, Action? parentGone = null)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        }));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            if (!ignoreInterrupt)
            {
                stop.Cancel();
            }
        }));
        if (!OperatingSystem.IsWindows())
        {
            // SIGHUP is the supervisor's reload signal; a child that receives it (terminal hang-up of the
            // process group) keeps running and lets the supervisor decide.
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => context.Cancel = true));
        }

        if (parentPid > 0)
        {
            _ = WatchParentAsync(parentPid, stop, parentGone);
        }
    }

    public void Dispose()
    {
        _watch.Cancel();
        _watch.Dispose();
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private async Task WatchParentAsync(int parentPid, CancellationTokenSource stop, Action? parentGone)
    {
        await ParentWatcher.WaitForParentExitAsync(parentPid, ParentPollInterval, _watch.Token).ConfigureAwait(false);
        if (!_watch.IsCancellationRequested)
        {
            parentGone?.Invoke();
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The role already finished.
            }

            // With the supervisor gone nobody will ever stop this process: a graceful stop that hangs
            // (a peer that vanished too, a slow REST call) must not leave an orphan behind. Bounded.
            try
            {
                await Task.Delay(OrphanExitDeadline, _watch.Token).ConfigureAwait(false);
                Environment.Exit(ExitCodes.Failure);
            }
            catch (OperationCanceledException)
            {
                // The role ended on its own in time.
            }
        }
    }
}

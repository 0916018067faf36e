using System.Diagnostics;
using System.Text;
using CliWrap;
using Streamer.Core.Processes;

namespace Streamer.Supervisor.Processes;

/// <summary>
/// One started child process, run with CliWrap: spec in, task + disposable out. Its stdout and stderr are
/// read line by line and handed to callbacks; <see cref="Exited"/> completes with the exit code;
/// <see cref="StopAsync"/> asks it to stop with SIGTERM, then kills the whole tree.
/// </summary>
/// <remarks>
/// CliWrap's graceful cancellation sends SIGINT, which every child deliberately ignores (Ctrl+C reaches the
/// whole process group, and the supervisor orders the shutdown itself: workers hand off, the writer goes
/// last). So the graceful stop is SIGTERM through the platform (<see cref="Signals"/>), and only CliWrap's
/// forceful cancellation (kill of the process tree) is used.
/// </remarks>
public sealed class ChildProcess : IAsyncDisposable
{
    // After the process exits, a grandchild could still hold the pipes open; don't wait for it forever
    // (CliWrap waits for the pipes until its forceful cancellation, so the drain deadline cancels that).
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);

    private const int SigKill = 9;

    private readonly CancellationTokenSource _kill;
    private int? _exitCode;

    private ChildProcess(CancellationTokenSource kill) => _kill = kill;

    /// <summary>Process id.</summary>
    public int Pid { get; private set; }

    /// <summary>Completes with the exit code once the process has exited and its output is read (128+n when killed by signal n).</summary>
    public Task<int> Exited { get; private set; } = Task.FromResult(0);

    /// <summary>Starts <paramref name="spec"/>; the callbacks get each line of stdout and stderr (on a pool thread).</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program cannot be started.</exception>
    public static ChildProcess Start(ChildSpec spec, Action<string> onStdout, Action<string> onStderr)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(onStdout);
        ArgumentNullException.ThrowIfNull(onStderr);
        var command = CliWrap.Cli.Wrap(spec.FileName)
            .WithArguments(spec.Arguments)
            .WithEnvironmentVariables(spec.Environment.ToDictionary(e => e.Key, e => (string?)e.Value))
            // stdin is a pipe nobody writes to (closed at once): children never compete with the terminal for input.
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(LinesOffTheCallerThread(onStdout))
            .WithStandardErrorPipe(LinesOffTheCallerThread(onStderr))
            .WithValidation(CommandResultValidation.None); // an exit code is an outcome the supervisor judges, not an error
        if (spec.WorkingDirectory is not null)
        {
            command = command.WithWorkingDirectory(spec.WorkingDirectory);
        }

        var kill = new CancellationTokenSource();
        var child = new ChildProcess(kill);
        try
        {
            // Starts synchronously: a program that cannot start throws here.
            var run = command.ExecuteAsync(null, p =>
            {
                // Called after the start: a child that already exited raised no event for this handler.
                p.Exited += (_, _) => child.OnProcessExited(p);
                if (p.HasExited)
                {
                    child.OnProcessExited(p);
                }
            }, kill.Token);
            child.Pid = run.ProcessId;
            child.Exited = child.WaitForExitAsync(run);
            return child;
        }
        catch
        {
            kill.Dispose();
            throw;
        }
    }

    /// <summary>Sends SIGTERM; false when that is not possible (Windows, or the process is gone).</summary>
    public bool Terminate() => !Exited.IsCompleted && Signals.Send(Pid, Signals.SigTerm);

    /// <summary>Kills the process and every descendant.</summary>
    public void KillTree()
    {
        try
        {
            _kill.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already exited and disposed.
        }
    }

    /// <summary>
    /// Graceful stop: SIGTERM, wait up to <paramref name="timeout"/>, then kill the tree.
    /// Returns the exit code and whether the process had to be killed.
    /// </summary>
    public async Task<(int ExitCode, bool Killed)> StopAsync(TimeSpan timeout)
    {
        if (!Exited.IsCompleted && Terminate())
        {
            try
            {
                return (await Exited.WaitAsync(timeout).ConfigureAwait(false), false);
            }
            catch (TimeoutException)
            {
                // Fall through to the kill.
            }
        }

        var killed = !Exited.IsCompleted && _exitCode is null;
        KillTree();
        return (await Exited.ConfigureAwait(false), killed);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!Exited.IsCompleted)
        {
            KillTree();
        }

        await Exited.ConfigureAwait(false);
        _kill.Dispose();
    }

    private void OnProcessExited(Process process)
    {
        try
        {
            _exitCode = process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            // Not readable any more: the result CliWrap returns carries it.
        }

        try
        {
            _kill.CancelAfter(OutputDrainTimeout);
        }
        catch (ObjectDisposedException)
        {
            // Finished already.
        }
    }

    private async Task<int> WaitForExitAsync(CommandTask<CommandResult> run)
    {
        try
        {
            return (await run.ConfigureAwait(false)).ExitCode;
        }
        catch (OperationCanceledException)
        {
            // Killed by us, or the output drain deadline passed after the process had exited by itself.
            return _exitCode ?? 128 + SigKill;
        }
    }

    /// <summary>
    /// Line reader that never runs on the thread calling <see cref="Start"/>: CliWrap starts reading inside
    /// ExecuteAsync, and a first read that completes at once (the child already printed) would run the callback
    /// inline, inside whatever lock the caller holds (seen: a worker's first status line recorded, then cleared
    /// by the caller that was still starting it).
    /// </summary>
    private static PipeTarget LinesOffTheCallerThread(Action<string> sink)
    {
        var lines = PipeTarget.ToDelegate(Guarded(sink), Encoding.UTF8);
        return PipeTarget.Create(async (source, cancellationToken) =>
        {
            await Task.Yield();
            await lines.CopyFromAsync(source, cancellationToken).ConfigureAwait(false);
        });
    }

    private static Action<string> Guarded(Action<string> sink) => line =>
    {
        try
        {
            sink(line);
        }
        catch (Exception e)
        {
            // Never stop reading: a child whose pipe fills up blocks on its next write.
            Trace.TraceError("child output handler failed: {0}", e);
        }
    };
}

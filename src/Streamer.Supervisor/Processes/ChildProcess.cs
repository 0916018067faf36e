using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Streamer.Core.Processes;

namespace Streamer.Supervisor.Processes;

/// <summary>
/// One started child process (after dotnet/aspire's ProcessUtil: spec in, task + disposable out).
/// Its stdout and stderr are read line by line and handed to callbacks; <see cref="Exited"/> completes
/// with the exit code; <see cref="StopAsync"/> asks it to stop with SIGTERM, then kills the whole tree.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    // After the process exits, a grandchild could still hold the pipes open; don't wait for it forever.
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly Task _stdout;
    private readonly Task _stderr;

    private ChildProcess(Process process, Action<string> onStdout, Action<string> onStderr)
    {
        _process = process;
        Pid = process.Id;
        _stdout = PumpAsync(process.StandardOutput, onStdout);
        _stderr = PumpAsync(process.StandardError, onStderr);
        Exited = WaitForExitAsync();
    }

    /// <summary>Process id.</summary>
    public int Pid { get; }

    /// <summary>Completes with the exit code once the process has exited and its output is read (128+n when killed by signal n).</summary>
    public Task<int> Exited { get; }

    /// <summary>Starts <paramref name="spec"/>; the callbacks get each line of stdout and stderr (on a pool thread).</summary>
    /// <exception cref="Win32Exception">The program cannot be started.</exception>
    public static ChildProcess Start(ChildSpec spec, Action<string> onStdout, Action<string> onStderr)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(onStdout);
        ArgumentNullException.ThrowIfNull(onStderr);
        var info = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            // stdin is a pipe nobody writes to: children never compete with the terminal for input.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        foreach (var arg in spec.Arguments)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        if (spec.WorkingDirectory is not null)
        {
            info.WorkingDirectory = spec.WorkingDirectory;
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new ChildProcess(process, onStdout, onStderr);
    }

    /// <summary>Sends SIGTERM; false when that is not possible (Windows, or the process is gone).</summary>
    public bool Terminate() => !Exited.IsCompleted && Signals.Send(Pid, Signals.SigTerm);

    /// <summary>Kills the process and every descendant.</summary>
    public void KillTree()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exiting right now, or a descendant we may not signal: nothing more can be done.
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

        var killed = !Exited.IsCompleted;
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
        _process.Dispose();
    }

    private async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_stdout, _stderr).WaitAsync(OutputDrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A descendant holds the pipes; the child itself is gone, which is what matters.
        }

        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The pipe is already broken.
        }

        return _process.ExitCode;
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> sink)
    {
        await Task.Yield();
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
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
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe closed: the child is gone.
        }
    }
}

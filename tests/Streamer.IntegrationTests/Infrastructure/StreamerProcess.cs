using System.Collections.Concurrent;
using System.Diagnostics;
using Streamer.Core.Processes;

namespace Streamer.IntegrationTests.Infrastructure;

/// <summary>The real <c>streamer</c> executable running as a child of the test, with its output captured.</summary>
internal sealed class StreamerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private StreamerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _stdout.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _stderr.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyCollection<string> StdOut => _stdout;

    public IReadOnlyCollection<string> StdErr => _stderr;

    public string Output => "--- stdout ---\n" + string.Join('\n', _stdout.TakeLast(80)) + "\n--- stderr ---\n" + string.Join('\n', _stderr.TakeLast(80));

    public static StreamerProcess Start(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(TestPaths.StreamerDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        psi.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        return new StreamerProcess(Process.Start(psi) ?? throw new InvalidOperationException("could not start streamer"));
    }

    /// <summary>Runs to completion and returns exit code and output.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        using var p = Start(workingDirectory, args);
        var exited = await p.WaitForExitAsync(timeout).ConfigureAwait(false);
        if (!exited)
        {
            p.Kill();
            throw new TimeoutException($"streamer {string.Join(' ', args)} did not exit within {timeout}\n{p.Output}");
        }

        return (p.ExitCode, string.Join('\n', p._stdout), string.Join('\n', p._stderr));
    }

    public void Signal(int signal) => Signals.Send(_process.Id, signal);

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}

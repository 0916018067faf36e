using System.Diagnostics;
using System.Text;
using Streamer.Core.Processes;

namespace Streamer.Writer.Tests.Support;

/// <summary>A real writer in a child process (this test assembly's <see cref="Program"/>), so it can be killed with SIGKILL.</summary>
internal sealed class WriterProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private WriterProcess(Process process) => _process = process;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static async Task<WriterProcess> StartAsync(string dataDir, string pipe, string? mode = null)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        info.ArgumentList.Add("writer-host");
        info.ArgumentList.Add(dataDir);
        info.ArgumentList.Add(pipe);
        if (mode is not null)
        {
            info.ArgumentList.Add(mode);
        }

        var host = new WriterProcess(Process.Start(info)!);
        host._process.ErrorDataReceived += (_, e) =>
        {
            lock (host._stderr)
            {
                host._stderr.AppendLine(e.Data);
            }
        };
        host._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await host._process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == "ready")
            {
                return host;
            }
        }

        Assert.Fail("writer process exited before it was ready:\n" + host.Stderr);
        return host;
    }

    /// <summary>SIGKILL: no flush, no cleanup, at whatever byte it is writing.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="after"/> unless it has exited: a kill in the middle of a graceful stop.</summary>
    public async Task TerminateThenKillAsync(TimeSpan after)
    {
        Signals.Send(_process.Id, Signals.SigTerm);
        using var wait = new CancellationTokenSource(after);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <summary>SIGTERM: graceful stop; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        Signals.Send(_process.Id, Signals.SigTerm);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}

using System.Diagnostics;
using Streamer.Core.Processes;

namespace Streamer.Bench.Infrastructure;

/// <summary>
/// The real <c>streamer</c> executable recording in the foreground (<c>streamer -c config.yaml</c>), its
/// output counted rather than kept (a long run at full rate must not grow the harness's memory).
/// </summary>
internal sealed class StreamerRun : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly object _gate = new();
    private int _tooManyRequests;
    private int _bans;
    private int _errors;
    private int _restarts;

    private StreamerRun(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, stdout: true);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, stdout: false);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Log lines reporting a 429 from the exchange.</summary>
    public int TooManyRequests => Volatile.Read(ref _tooManyRequests);

    /// <summary>Log lines reporting a 418 ban.</summary>
    public int Bans => Volatile.Read(ref _bans);

    /// <summary>Log lines at error level (fail/crit).</summary>
    public int Errors => Volatile.Read(ref _errors);

    /// <summary>Log lines reporting that the supervisor restarted a child.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Where stdout and stderr go (for a failed run's diagnosis).</summary>
    public string LogPath { get; private init; } = "";

    /// <summary>Starts <c>{exe} {args}</c> in <paramref name="workspace"/> with extra environment variables.</summary>
    public static StreamerRun Start(string exe, BenchWorkspace workspace, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo(exe)
        {
            WorkingDirectory = workspace.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        // A/B of runtime settings for the recorder only (not the harness and its simulator): STREAMER_BENCH_ENV='A=1;B=2'.
        foreach (var pair in (Environment.GetEnvironmentVariable("STREAMER_BENCH_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            psi.Environment[pair[..eq]] = pair[(eq + 1)..];
        }

        var logPath = Path.Combine(workspace.Root, "streamer-output.log");
        var log = new StreamWriter(logPath) { AutoFlush = false };
        var process = Process.Start(psi) ?? throw new BenchmarkFailedException($"could not start {exe}");
        return new StreamerRun(process, log) { LogPath = logPath };
    }

    /// <summary>The last lines of the output, for an error message.</summary>
    public string Tail(int lines = 40)
    {
        lock (_gate)
        {
            _log.Flush();
        }

        try
        {
            using var fs = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(fs);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return "(no output: " + e.Message + ")";
        }
    }

    /// <summary>SIGTERM, then wait for a graceful exit; kills the tree when it does not come. Returns the exit code or null.</summary>
    public async Task<int?> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, Signals.SigTerm);
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Kill();
            return null;
        }
    }

    /// <summary>Waits for the process to end by itself (a command such as <c>--daemon start</c>); null when it did not in time.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
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
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }

        // Status lines (one per child per second) are counted by the supervisor, not needed here.
        if (stdout && line.StartsWith("@status ", StringComparison.Ordinal))
        {
            return;
        }

        if (line.Contains("429", StringComparison.Ordinal) && line.Contains("too many requests", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _tooManyRequests);
        }

        if (line.Contains("(HTTP 418)", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _bans);
        }

        if (line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errors);
        }

        if (line.Contains("exited with code", StringComparison.Ordinal) && line.Contains("restarting in", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _restarts);
        }

        lock (_gate)
        {
            _log.WriteLine(line);
        }
    }
}

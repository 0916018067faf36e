using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Streamer.Core;
using Streamer.Core.Status;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Logging;
using Streamer.Supervisor.Processes;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Supervision;

/// <summary>
/// One child kept alive: starts it, reads its output, restarts it per <see cref="RestartPolicy"/> when it
/// exits unexpectedly, and stops it gracefully on request. Every restart is a new process of the same
/// role and symbol; a worker that exits with <see cref="ExitCodes.SymbolRejected"/> is not restarted.
/// </summary>
public sealed class SupervisedChild : IDisposable
{
    private readonly IChildLauncher _launcher;
    private readonly RestartPolicy _policy;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Action<string, string> _output;
    private readonly Func<CancellationToken, Task>? _beforeRestart;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamRates _rates = new(TimeSpan.FromSeconds(10));
    private readonly Lock _gate = new();
    private Task _loop = Task.CompletedTask;
    private ChildProcess? _current;
    private ChildState _state = ChildState.Pending;
    private string? _detail;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _nextStartAt;
    private int _restarts;
    private int? _lastExitCode;
    private ChildStatus? _report;
    private bool _stopping;

    /// <param name="role">What the child is.</param>
    /// <param name="symbol">Worker symbol, else null.</param>
    /// <param name="launcher">Builds the command line for each start.</param>
    /// <param name="policy">Restart delays and crash-loop detection.</param>
    /// <param name="log">Supervisor log.</param>
    /// <param name="time">Clock for delays and uptimes.</param>
    /// <param name="output">Receives (child name, line) for each stderr line and non-status stdout line.</param>
    /// <param name="beforeRestart">Awaited before each restart (lets critical children come back first).</param>
    public SupervisedChild(ChildRole role, string? symbol, IChildLauncher launcher, RestartPolicy policy, ILogger log, TimeProvider time,
        Action<string, string> output, Func<CancellationToken, Task>? beforeRestart = null)
    {
        Role = role;
        Symbol = symbol;
        _launcher = launcher;
        _policy = policy;
        _log = log;
        _time = time;
        _output = output;
        _beforeRestart = beforeRestart;
        Name = symbol is null ? ChildRoles.Name(role) : ChildRoles.Name(role) + " " + symbol;
    }

    /// <summary>Role of the child.</summary>
    public ChildRole Role { get; }

    /// <summary>Worker symbol, or null.</summary>
    public string? Symbol { get; }

    /// <summary>"worker BTCUSDT", "writer", ... as used in logs.</summary>
    public string Name { get; }

    /// <summary>Writer and order book: their loss stops recording for every symbol.</summary>
    public bool Critical => Role is ChildRole.Writer or ChildRole.OrderBook;

    /// <summary>Raised for each stdout line that is not a status report (the simulator announces its address this way).</summary>
    public event Action<SupervisedChild, string>? StdoutLine;

    /// <summary>Raised when a process of this child started or exited (the run file lists current pids).</summary>
    public event Action<SupervisedChild>? ProcessChanged;

    /// <summary>Completes once the first start was attempted (successfully or not), so start order is real order.</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    /// <summary>Completes when the child will not run again (stopped or rejected).</summary>
    public Task Completion => _loop;

    /// <summary>Current process id, or null.</summary>
    public int? Pid
    {
        get
        {
            lock (_gate)
            {
                return _current?.Pid;
            }
        }
    }

    /// <summary>Current supervisor state.</summary>
    public ChildState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Restarts so far.</summary>
    public int Restarts
    {
        get
        {
            lock (_gate)
            {
                return _restarts;
            }
        }
    }

    /// <summary>Starts the supervision loop (once).</summary>
    public void Start() => _loop = Task.Run(RunLoopAsync);

    /// <summary>
    /// Stops the child for good: SIGTERM, wait up to <paramref name="timeout"/>, then kill its tree. A
    /// pending restart is cancelled.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        ChildProcess? process;
        lock (_gate)
        {
            var first = !_stopping;
            _stopping = true;
            process = first ? _current : null;
            if (process is not null)
            {
                _state = ChildState.Stopping;
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (process is not null)
        {
            var (_, killed) = await process.StopAsync(timeout).ConfigureAwait(false);
            if (killed)
            {
                SupervisorLog.ChildKilled(_log, Name, DurationText.Format(timeout));
            }
        }

        await _loop.ConfigureAwait(false);
    }

    /// <summary>Kills the current process tree at once (second Ctrl+C); the loop then ends as stopped.</summary>
    public void Kill()
    {
        ChildProcess? process;
        lock (_gate)
        {
            _stopping = true;
            process = _current;
        }

        _stop.Cancel();
        process?.KillTree();
    }

    /// <inheritdoc />
    public void Dispose() => _stop.Dispose();

    /// <summary>The child as shown by <c>--status</c>.</summary>
    public ChildSnapshot Snapshot()
    {
        lock (_gate)
        {
            var running = _state is ChildState.Running or ChildState.Stopping;
            return new ChildSnapshot
            {
                Role = ChildRoles.Name(Role),
                Symbol = Symbol,
                Pid = _current?.Pid,
                State = ChildStates.Name(_state),
                Detail = _detail,
                StartedAt = running ? _startedAt : null,
                Restarts = _restarts,
                CrashLoop = _policy.InCrashLoop && !(running && _policy.IsHealthy),
                LastExitCode = _lastExitCode,
                NextStartAt = _state is ChildState.Restarting or ChildState.CrashLoop ? _nextStartAt : null,
                MessagesPerSecond = running ? _rates.Current() : [],
                Report = running ? _report : null,
            };
        }
    }

    private async Task RunLoopAsync()
    {
        var first = true;
        while (true)
        {
            if (!first && _beforeRestart is not null)
            {
                try
                {
                    await _beforeRestart(_stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var process = TryStartProcess(first);
            _firstAttempt.TrySetResult();
            if (process is null && Volatile.Read(ref _stopping))
            {
                break;
            }

            var exitCode = -1;
            if (process is not null)
            {
                ProcessChanged?.Invoke(this);
                exitCode = await process.Exited.ConfigureAwait(false);
                await process.DisposeAsync().ConfigureAwait(false);
                bool stopping;
                lock (_gate)
                {
                    _current = null;
                    _lastExitCode = exitCode;
                    stopping = _stopping;
                    if (stopping)
                    {
                        _state = ChildState.Stopped;
                    }
                }

                ProcessChanged?.Invoke(this);
                if (stopping)
                {
                    SupervisorLog.ChildStopped(_log, Name, exitCode);
                    break;
                }
            }

            if (Role == ChildRole.Worker && exitCode == ExitCodes.SymbolRejected)
            {
                lock (_gate)
                {
                    _state = ChildState.Rejected;
                    _detail = "the exchange does not list " + Symbol;
                }

                SupervisorLog.SymbolRejected(_log, Name, Symbol ?? "");
                break;
            }

            var delay = DecideRestart(exitCode);
            try
            {
                await Task.Delay(delay, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            first = false;
        }

        lock (_gate)
        {
            if (_state is not ChildState.Rejected)
            {
                _state = ChildState.Stopped;
            }
        }

        _firstAttempt.TrySetResult();
    }

    private ChildProcess? TryStartProcess(bool first)
    {
        ChildSpec? spec = null;
        try
        {
            lock (_gate)
            {
                if (_stopping)
                {
                    return null;
                }

                spec = _launcher.Create(Role, Symbol);
                _current = ChildProcess.Start(spec, OnStdout, line => _output(Name, line));
                _state = ChildState.Running;
                _detail = null;
                _startedAt = _time.GetUtcNow();
                _nextStartAt = null;
                _report = null;
                _rates.Reset();
                _policy.OnStarted();
                if (!first)
                {
                    _restarts++;
                }

                SupervisorLog.ChildStarted(_log, Name, _current.Pid);
                return _current;
            }
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            SupervisorLog.StartFailed(_log, Name, spec?.ToString() ?? "(no command)", e.Message);
            return null;
        }
    }

    private TimeSpan DecideRestart(int exitCode)
    {
        RestartDecision decision;
        lock (_gate)
        {
            decision = _policy.OnExited();
            _state = decision.CrashLoop ? ChildState.CrashLoop : ChildState.Restarting;
            _nextStartAt = _time.GetUtcNow() + decision.Delay;
            _detail = exitCode < 0 ? "could not be started" : "exit code " + exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var uptime = DurationText.Format(decision.Uptime);
        var delay = DurationText.Format(decision.Delay);
        if (decision.EnteredCrashLoop)
        {
            SupervisorLog.CrashLoop(_log, Name, _policy.RecentExits, DurationText.Format(_policy.CrashLoopWindow), exitCode, delay);
        }
        else if (Critical)
        {
            SupervisorLog.CriticalChildExited(_log, Name, exitCode, uptime, delay);
        }
        else
        {
            SupervisorLog.ChildExited(_log, Name, exitCode, uptime, delay);
        }

        return decision.Delay;
    }

    private void OnStdout(string line)
    {
        if (StatusLine.TryParse(line, out var status) && status is not null)
        {
            lock (_gate)
            {
                _report = status;
                _rates.Add(_time.GetUtcNow(), status);
            }

            return;
        }

        StdoutLine?.Invoke(this, line);
        _output(Name, line);
    }
}

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
/// role and symbols; a worker that exits with <see cref="ExitCodes.SymbolRejected"/> is not restarted.
/// A worker may hold a group of symbols (<c>supervisor.symbols_per_worker</c>): it reports each symbol
/// on its own status line, and <see cref="Snapshots"/> shows each symbol as a worker of its own (same pid).
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
    private readonly Dictionary<string, StreamRates> _rates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChildStatus> _reports = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Task _loop = Task.CompletedTask;
    private CancellationTokenSource? _skipDelay;
    private ChildProcess? _current;
    private ChildState _state = ChildState.Pending;
    private string? _detail;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _nextStartAt;
    private int _restarts;
    private int? _lastExitCode;
    private bool _stopping;

    /// <param name="role">What the child is.</param>
    /// <param name="symbols">A worker's symbols (one, or a group), else empty.</param>
    /// <param name="launcher">Builds the command line for each start.</param>
    /// <param name="policy">Restart delays and crash-loop detection.</param>
    /// <param name="log">Supervisor log.</param>
    /// <param name="time">Clock for delays and uptimes.</param>
    /// <param name="output">Receives (child name, line) for each stderr line and non-status stdout line.</param>
    /// <param name="beforeRestart">Awaited before each restart (lets critical children come back first).</param>
    public SupervisedChild(ChildRole role, IReadOnlyList<string> symbols, IChildLauncher launcher, RestartPolicy policy, ILogger log, TimeProvider time,
        Action<string, string> output, Func<CancellationToken, Task>? beforeRestart = null)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        Role = role;
        Symbols = symbols;
        _launcher = launcher;
        _policy = policy;
        _log = log;
        _time = time;
        _output = output;
        _beforeRestart = beforeRestart;
        Name = NameOf(role, symbols);
    }

    /// <summary>Role of the child.</summary>
    public ChildRole Role { get; }

    /// <summary>A worker's symbols, else empty.</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary>"worker BTCUSDT", "worker BTCUSDT,ETHUSDT,+8 more", "writer", ... as used in logs.</summary>
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

    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    /// <summary>Starts the supervision loop (once).</summary>
    public void Start() => _loop = Task.Run(RunLoopAsync);

    /// <summary>
    /// Stops the child for good: SIGTERM, wait up to <paramref name="timeout"/>, then kill its tree. A
    /// pending restart is cancelled.
    /// </summary>
    /// <returns>How the last process ended: its exit code (null if none ran) and whether it had to be killed.</returns>
    public async Task<ChildStopOutcome> StopAsync(TimeSpan timeout)
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
        var killed = false;
        if (process is not null)
        {
            (_, killed) = await process.StopAsync(timeout).ConfigureAwait(false);
            if (killed)
            {
                SupervisorLog.ChildKilled(_log, Name, DurationText.Format(timeout));
            }
        }

        await _loop.ConfigureAwait(false);
        lock (_gate)
        {
            return new ChildStopOutcome(this, _lastExitCode, killed, [.. _reports.Values]);
        }
    }

    /// <summary>
    /// Ends a pending restart delay (backoff or crash loop) so the child starts now: a graceful stop needs the
    /// writer up to drain every worker into it. True when a delay was pending.
    /// </summary>
    public bool RestartNow()
    {
        lock (_gate)
        {
            if (_skipDelay is null || _stopping)
            {
                return false;
            }

            _skipDelay.Cancel();
            return true;
        }
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

        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A second signal after the stop already finished: nothing left to kill.
        }

        process?.KillTree();
    }

    /// <inheritdoc />
    public void Dispose() => _stop.Dispose();

    /// <summary>
    /// The child as shown by <c>--status</c>, <c>/metrics</c> and <c>/health</c>: one entry, or one per symbol of
    /// a worker group (sharing the process facts; a symbol the exchange rejected shows as rejected while the
    /// rest of its group records).
    /// </summary>
    public IReadOnlyList<ChildSnapshot> Snapshots()
    {
        lock (_gate)
        {
            if (Symbols.Count == 0)
            {
                return [SnapshotOf(null)];
            }

            return [.. Symbols.Select(SnapshotOf)];
        }
    }

    private ChildSnapshot SnapshotOf(string? symbol)
    {
        var running = _state is ChildState.Running or ChildState.Stopping;
        var report = running ? _reports.GetValueOrDefault(symbol ?? "") : null;
        var rejected = report?.State == "rejected" && Symbols.Count > 1;
        return new ChildSnapshot
        {
            Role = ChildRoles.Name(Role),
            Symbol = symbol,
            Pid = _current?.Pid,
            State = rejected ? ChildStates.Name(ChildState.Rejected) : ChildStates.Name(_state),
            Detail = rejected ? report!.Detail : _detail,
            StartedAt = running ? _startedAt : null,
            Restarts = _restarts,
            CrashLoop = _policy.InCrashLoop && !(running && _policy.IsHealthy),
            LastExitCode = _lastExitCode,
            NextStartAt = _state is ChildState.Restarting or ChildState.CrashLoop ? _nextStartAt : null,
            MessagesPerSecond = running && _rates.TryGetValue(symbol ?? "", out var rates) ? rates.Current() : [],
            Report = report,
        };
    }

    private static string NameOf(ChildRole role, IReadOnlyList<string> symbols) => symbols.Count switch
    {
        0 => ChildRoles.Name(role),
        <= 3 => ChildRoles.Name(role) + " " + string.Join(',', symbols),
        _ => FormattableString.Invariant($"{ChildRoles.Name(role)} {symbols[0]},{symbols[1]},+{symbols.Count - 2} more"),
    };

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
                    _detail = "the exchange does not list " + string.Join(", ", Symbols);
                }

                SupervisorLog.SymbolRejected(_log, Name, string.Join(", ", Symbols));
                break;
            }

            var delay = DecideRestart(exitCode);
            CancellationTokenSource skip;
            lock (_gate)
            {
                skip = _skipDelay = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            }

            try
            {
                await Task.Delay(delay, _time, skip.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException)
            {
                // RestartNow: go on at once.
            }
            finally
            {
                lock (_gate)
                {
                    _skipDelay = null;
                }

                skip.Dispose();
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

                spec = _launcher.Create(Role, Symbols);
                // Cleared before the start: the child's first status line may arrive before Start returns.
                _reports.Clear();
                _rates.Clear();
                _current = ChildProcess.Start(spec, OnStdout, line => _output(Name, line));
                _state = ChildState.Running;
                _detail = null;
                _startedAt = _time.GetUtcNow();
                _nextStartAt = null;
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
                // A worker group reports each of its symbols on its own line.
                var key = status.Symbol ?? "";
                _reports[key] = status;
                if (!_rates.TryGetValue(key, out var rates))
                {
                    rates = new StreamRates(RateWindow);
                    _rates[key] = rates;
                }

                rates.Add(_time.GetUtcNow(), status);
            }

            return;
        }

        StdoutLine?.Invoke(this, line);
        _output(Name, line);
    }
}

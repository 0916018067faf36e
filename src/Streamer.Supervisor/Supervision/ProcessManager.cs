using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Streamer.Core.Configuration;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Logging;
using Streamer.Supervisor.Status;
using Streamer.Pipes.Journal;

namespace Streamer.Supervisor.Supervision;

/// <summary>
/// The process tree of one run: (simulator,) writer, order book when enabled, one worker per enabled
/// symbol (or per group of <c>supervisor.symbols_per_worker</c> symbols). Starts them in that order
/// (workers staggered), keeps each alive with its own
/// <see cref="SupervisedChild"/>, and stops them in the order that loses nothing: workers hand their
/// rows to the writer first, then the order book, then the writer flushes and exits.
/// </summary>
public sealed partial class ProcessManager : IAsyncDisposable
{
    private readonly ProcessManagerOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _changeLock = new(1, 1);
    private readonly Lock _gate = new();
    /// <summary>Symbol → its worker; the symbols of a group share one.</summary>
    private readonly Dictionary<string, SupervisedChild> _workers = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _startedAt;
    private SupervisedChild? _simulator;
    private SupervisedChild? _writer;
    private SupervisedChild? _orderBook;
    /// <summary>The uploader (upload.enabled): started once at start; a reload that switches it applies at the next start.</summary>
    private SupervisedChild? _uploader;
    private StreamerConfig _config;
    private Uri? _exchange;
    private bool _stopping;
    private readonly OrphanJournals? _orphans;

    public ProcessManager(ProcessManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _config = options.Config;
        _time = options.Time;
        _log = options.Loggers.CreateLogger("supervisor");
        _startedAt = _time.GetUtcNow();
        _orphans = options.WriterPipe is { } pipe ? new OrphanJournals(_config.Storage.DataDir, pipe, options.Loggers, _time) : null;
    }

    /// <summary>Raised when a child process started or exited (for the run file).</summary>
    public event Action? ChildrenChanged;

    /// <summary>The configuration currently applied.</summary>
    public StreamerConfig Config
    {
        get
        {
            lock (_gate)
            {
                return _config;
            }
        }
    }

    /// <summary>
    /// Starts every child and supervises them until <paramref name="stop"/> is cancelled, then stops them
    /// gracefully and returns.
    /// </summary>
    /// <exception cref="SupervisorStartException">The simulated exchange did not start.</exception>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            if (_options.Simulate)
            {
                await StartSimulatorAsync(stop).ConfigureAwait(false);
            }

            var config = Config;
            var writer = Spawn(ChildRole.Writer, []);
            lock (_gate)
            {
                _writer = writer;
            }

            // Its first ProcessChanged can fire before the assignment above, and the run file (what --daemon start
            // waits for) would then miss the writer until the next child event: with no worker, never.
            ChildrenChanged?.Invoke();

            await writer.FirstAttempt.WaitAsync(stop).ConfigureAwait(false);
            if (config.OrderBook.Enabled)
            {
                var book = Spawn(ChildRole.OrderBook, []);
                lock (_gate)
                {
                    _orderBook = book;
                }

                ChildrenChanged?.Invoke();

                await book.FirstAttempt.WaitAsync(stop).ConfigureAwait(false);
            }

            if (config.Upload.Enabled)
            {
                // Not critical and not waited for by anyone: a hung object store only grows its backlog.
                var uploader = Spawn(ChildRole.Uploader, []);
                lock (_gate)
                {
                    _uploader = uploader;
                }

                ChildrenChanged?.Invoke();
            }

            await StartWorkersAsync(config.EnabledSymbols.Select(s => s.Key).ToList(), stop).ConfigureAwait(false);
            while (true)
            {
                // Journals of sources nobody runs (removed symbols) are delivered by the supervisor; a reload scans
                // at once, this catches journals whose owner was still stopping then.
                await ScanOrphanJournalsAsync(stop).ConfigureAwait(false);
                await Task.Delay(OrphanScanInterval, _time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The normal way out: a stop was requested.
        }
        finally
        {
            await StopAllAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Kills every child at once (a second Ctrl+C); <see cref="RunAsync"/> then returns quickly.</summary>
    public void KillAll()
    {
        foreach (var child in AllChildren())
        {
            child.Kill();
        }
    }

    /// <summary>Current pids of the children, for the run file.</summary>
    public IReadOnlyList<(string Name, int Pid)> ChildPids() =>
        AllChildren().Select(c => (c.Name, c.Pid)).Where(c => c.Pid is not null).Select(c => (c.Name, c.Pid!.Value)).ToList();

    /// <summary>The status of the supervisor and every child.</summary>
    public SupervisorSnapshot Snapshot()
    {
        var config = Config;
        bool stopping;
        Uri? exchange;
        lock (_gate)
        {
            stopping = _stopping;
            exchange = _exchange;
        }

        return new SupervisorSnapshot
        {
            Pid = Environment.ProcessId,
            StartedAt = _startedAt,
            Now = _time.GetUtcNow(),
            Mode = config.Mode,
            ConfigPath = config.SourcePath,
            DataDir = config.Storage.DataDir,
            Exchange = exchange?.ToString(),
            Stopping = stopping,
            Children = [.. AllChildren().SelectMany(c => c.Snapshots())],
        };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAllAsync().ConfigureAwait(false);
        _changeLock.Dispose();
    }

    private List<SupervisedChild> AllChildren()
    {
        lock (_gate)
        {
            var list = new List<SupervisedChild>();
            if (_simulator is not null)
            {
                list.Add(_simulator);
            }

            if (_writer is not null)
            {
                list.Add(_writer);
            }

            if (_orderBook is not null)
            {
                list.Add(_orderBook);
            }

            if (_uploader is not null)
            {
                list.Add(_uploader);
            }

            list.AddRange(_workers.Values.Distinct());
            return list;
        }
    }

    private SupervisedChild Spawn(ChildRole role, IReadOnlyList<string> symbols)
    {
        var policy = new RestartPolicy(Config.Supervisor, _time, critical: role is ChildRole.Writer or ChildRole.OrderBook);
        Func<CancellationToken, Task>? beforeRestart = role == ChildRole.Worker ? WaitForCriticalChildrenAsync : null;
        var child = new SupervisedChild(role, symbols, _options.Launcher, policy, _options.Loggers.CreateLogger("supervisor"), _time, _options.ChildOutput, beforeRestart);
        child.ProcessChanged += _ => ChildrenChanged?.Invoke();
        child.Start();
        return child;
    }

    /// <summary>Starts workers for those of <paramref name="symbols"/> that have none, <c>symbols_per_worker</c> to a process.</summary>
    private async Task StartWorkersAsync(IReadOnlyList<string> symbols, CancellationToken ct)
    {
        List<string> missing;
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            missing = [.. symbols.Distinct(StringComparer.Ordinal).Where(s => !_workers.ContainsKey(s))];
        }

        var groups = missing.Chunk(Config.Supervisor.SymbolsPerWorker).ToList();
        for (var i = 0; i < groups.Count; i++)
        {
            if (i > 0 && Config.Supervisor.StartStagger > TimeSpan.Zero)
            {
                // Spreads start-up CPU (JIT) and the first REST snapshots over time.
                await Task.Delay(Config.Supervisor.StartStagger, _time, ct).ConfigureAwait(false);
            }

            SupervisedChild worker;
            lock (_gate)
            {
                if (_stopping)
                {
                    return;
                }

                worker = Spawn(ChildRole.Worker, groups[i]);
                foreach (var symbol in groups[i])
                {
                    _workers[symbol] = worker;
                }
            }

            await worker.FirstAttempt.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Restarting writer and order book come back before restarting workers (bounded: workers buffer meanwhile).</summary>
    private async Task WaitForCriticalChildrenAsync(CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + _options.CriticalFirstTimeout;
        while (_time.GetUtcNow() < deadline)
        {
            SupervisedChild? writer, book;
            lock (_gate)
            {
                writer = _writer;
                book = _orderBook;
            }

            if (IsUpOrStuck(writer) && IsUpOrStuck(book))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, ct).ConfigureAwait(false);
        }
    }

    // Only a critical child that is about to come back is worth waiting for; one in a crash loop is not.
    private static bool IsUpOrStuck(SupervisedChild? child) => child is null || child.State is not ChildState.Restarting;

    private async Task StartSimulatorAsync(CancellationToken ct)
    {
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var simulator = new SupervisedChild(ChildRole.Simulator, [], _options.Launcher, new RestartPolicy(Config.Supervisor, _time),
            _options.Loggers.CreateLogger("supervisor"), _time, _options.ChildOutput);
        simulator.StdoutLine += (_, line) =>
        {
            var match = ListeningLine().Match(line);
            if (match.Success && Uri.TryCreate(match.Groups[1].Value, UriKind.Absolute, out var url))
            {
                ready.TrySetResult(url);
            }
        };
        simulator.ProcessChanged += _ => ChildrenChanged?.Invoke();
        lock (_gate)
        {
            _simulator = simulator;
        }

        simulator.Start();
        Uri address;
        try
        {
            address = await ready.Task.WaitAsync(_options.SimulatorStartTimeout, _time, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new SupervisorStartException(
                $"the simulated exchange did not report its address within {DurationText.Format(_options.SimulatorStartTimeout)}; its log lines above say why");
        }

        lock (_gate)
        {
            _exchange = address;
        }

        _options.SimulatorReady?.Invoke(address);
        SupervisorLog.SimulatorReady(_log, address);
    }

    private static readonly TimeSpan OrphanScanInterval = TimeSpan.FromSeconds(30);

    /// <summary>The outcome of the graceful stop, once it ran: what was journalled, what (if anything) was lost.</summary>
    public StopReport? LastStop { get; private set; }

    /// <summary>The sources the current configuration runs: their journals belong to their children.</summary>
    private HashSet<string> OwnedSources()
    {
        var config = Config;
        var owned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var symbol in config.EnabledSymbols)
        {
            owned.Add(Pipes.Framing.Hello.ForWorker(symbol.Exchange, symbol.Symbol).Source);
            if (config.OrderBook.Enabled)
            {
                owned.Add(Pipes.Framing.Hello.OrderBookSource(symbol.Exchange, symbol.Symbol));
            }
        }

        return owned;
    }

    private async Task ScanOrphanJournalsAsync(CancellationToken ct)
    {
        if (_orphans is null)
        {
            return;
        }

        try
        {
            await _orphans.ScanAsync(OwnedSources(), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SupervisorLog.OrphanJournalFailed(_log, JournalPaths.Root(Config.Storage.DataDir), e.Message);
        }
    }

    private async Task StopAllAsync()
    {
        await _changeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            List<SupervisedChild> workers;
            SupervisedChild? book, writer, simulator, uploader;
            lock (_gate)
            {
                if (_stopping && _writer is null && _simulator is null)
                {
                    return;
                }

                _stopping = true;
                uploader = _uploader;
                workers = [.. _workers.Values.Distinct()];
                book = _orderBook;
                writer = _writer;
                simulator = _simulator;
            }

            SupervisorLog.Stopping(_log);
            var timeout = Config.Supervisor.StopTimeout;
            var report = new StopReport();

            // The writer (and the order book) must be up for the workers to drain into: one waiting to restart
            // (backoff, crash loop) starts now rather than after the workers gave up on it.
            foreach (var critical in new[] { writer, book })
            {
                if (critical?.RestartNow() == true)
                {
                    SupervisorLog.StartingForDrain(_log, critical.Name);
                }
            }

            // Workers hand everything to the writer and wait for its acknowledgement (journalling what it does not
            // take in time); they stop in parallel.
            // The uploader holds no rows: it stops beside the workers (an upload cut short is done again next time).
            var uploaderStopped = uploader?.StopAsync(timeout) ?? Task.CompletedTask;
            foreach (var outcome in await Task.WhenAll(workers.Select(w => w.StopAsync(timeout))).ConfigureAwait(false))
            {
                report.AddProducer(outcome);
            }

            await uploaderStopped.ConfigureAwait(false);

            if (_orphans is not null)
            {
                report.AddOrphans(await _orphans.CloseAllAsync().ConfigureAwait(false));
            }

            if (book is not null)
            {
                report.AddProducer(await book.StopAsync(timeout).ConfigureAwait(false));
            }

            if (writer is not null)
            {
                await writer.StopAsync(timeout).ConfigureAwait(false);
            }

            if (simulator is not null)
            {
                await simulator.StopAsync(timeout).ConfigureAwait(false);
            }

            lock (_gate)
            {
                foreach (var child in _workers.Values.Distinct())
                {
                    child.Dispose();
                }

                book?.Dispose();
                uploader?.Dispose();
                writer?.Dispose();
                simulator?.Dispose();
                _workers.Clear();
                _orderBook = null;
                _uploader = null;
                _writer = null;
                _simulator = null;
            }

            if (report.Journalled > 0)
            {
                SupervisorLog.StopJournalled(_log, report.Journalled, report.JournalledText());
            }

            if (!report.Safe)
            {
                SupervisorLog.StopLost(_log, report.Lost, string.Join("; ", report.Problems));
            }

            LastStop = report;
            SupervisorLog.Stopped(_log);
        }
        finally
        {
            _changeLock.Release();
        }
    }

    [GeneratedRegex(@"listening on (https?://\S+)")]
    private static partial Regex ListeningLine();
}

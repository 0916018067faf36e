using Streamer.Core.Configuration;

namespace Streamer.Supervisor.Supervision;

/// <summary>
/// When to restart a child that exited unexpectedly: capped exponential backoff that resets only after
/// the child ran for <see cref="SupervisorConfig.HealthyUptime"/> (Tye reset on every start, so a
/// crash-looping child restarted with no delay), and crash-loop detection that slows retries to
/// <see cref="SupervisorConfig.CrashLoopDelay"/> until the child runs healthy again. A critical child (writer,
/// order book: every worker's rows wait for it) is never held down: its delay is capped at
/// <see cref="SupervisorConfig.CriticalRestartCap"/>, crash loop or not; its crash loop is still detected and reported.
/// </summary>
public sealed class RestartPolicy
{
    /// <summary>No restart is ever sooner than this, even when the configuration says 0: never spin the CPU.</summary>
    public static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(100);

    private readonly SupervisorConfig _config;
    private readonly TimeProvider _time;
    private readonly Queue<DateTimeOffset> _recentExits = new();
    private DateTimeOffset? _startedAt;
    private int _failures;

    private readonly bool _critical;

    /// <param name="config">Delays and crash-loop thresholds.</param>
    /// <param name="time">Clock.</param>
    /// <param name="critical">Writer or order book: restarted within <see cref="SupervisorConfig.CriticalRestartCap"/>, always.</param>
    public RestartPolicy(SupervisorConfig config, TimeProvider time, bool critical = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(time);
        _config = config;
        _time = time;
        _critical = critical;
    }

    /// <summary>True from the exit that completed a crash loop until the child next runs healthy.</summary>
    public bool InCrashLoop { get; private set; }

    /// <summary>The window in which <see cref="SupervisorConfig.CrashLoopRestarts"/> exits make a crash loop.</summary>
    public TimeSpan CrashLoopWindow => _config.CrashLoopWindow;

    /// <summary>Exits counted within the crash-loop window (as of the last exit).</summary>
    public int RecentExits => _recentExits.Count;

    /// <summary>The delay before restart number <paramref name="failures"/>+1: min·2^failures, capped at max.</summary>
    public static TimeSpan Backoff(TimeSpan min, TimeSpan max, int failures)
    {
        var ticks = Math.Max(min.Ticks, MinimumDelay.Ticks);
        for (var i = 0; i < failures && ticks < max.Ticks; i++)
        {
            ticks *= 2;
        }

        return TimeSpan.FromTicks(Math.Max(Math.Min(ticks, max.Ticks), MinimumDelay.Ticks));
    }

    /// <summary>Call when the child has been started.</summary>
    public void OnStarted() => _startedAt = _time.GetUtcNow();

    /// <summary>True when the current run has lasted the healthy uptime (the backoff will reset at its exit).</summary>
    public bool IsHealthy => _startedAt is { } s && _time.GetUtcNow() - s >= _config.HealthyUptime;

    /// <summary>Call when the child exited unexpectedly; returns how long to wait before restarting it.</summary>
    public RestartDecision OnExited()
    {
        var now = _time.GetUtcNow();
        var uptime = _startedAt is { } s ? now - s : TimeSpan.Zero;
        _startedAt = null;
        if (uptime >= _config.HealthyUptime)
        {
            _failures = 0;
            _recentExits.Clear();
            InCrashLoop = false;
        }

        _recentExits.Enqueue(now);
        while (_recentExits.Count > 0 && now - _recentExits.Peek() > _config.CrashLoopWindow)
        {
            _recentExits.Dequeue();
        }

        var delay = Backoff(_config.RestartMinDelay, _config.RestartMaxDelay, _failures);
        _failures++;
        var entered = false;
        if (!InCrashLoop && _recentExits.Count >= _config.CrashLoopRestarts)
        {
            InCrashLoop = true;
            entered = true;
        }

        if (_critical)
        {
            delay = TimeSpan.FromTicks(Math.Max(Math.Min(delay.Ticks, _config.CriticalRestartCap.Ticks), MinimumDelay.Ticks));
        }
        else if (InCrashLoop)
        {
            delay = TimeSpan.FromTicks(Math.Max(_config.CrashLoopDelay.Ticks, MinimumDelay.Ticks));
        }

        return new RestartDecision(delay, uptime, InCrashLoop, entered);
    }
}

/// <summary>What <see cref="RestartPolicy.OnExited"/> decided.</summary>
/// <param name="Delay">Wait this long before the restart.</param>
/// <param name="Uptime">How long the child had run.</param>
/// <param name="CrashLoop">The child is in a crash loop (retried every crash_loop_delay).</param>
/// <param name="EnteredCrashLoop">This exit made it a crash loop (report it loudly once).</param>
public readonly record struct RestartDecision(TimeSpan Delay, TimeSpan Uptime, bool CrashLoop, bool EnteredCrashLoop);

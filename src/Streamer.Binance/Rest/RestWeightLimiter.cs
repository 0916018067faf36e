using System.Text;
using Microsoft.Extensions.Logging;

namespace Streamer.Binance.Rest;

/// <summary>
/// The REST weight budget shared by every worker process of the machine (Binance counts weight per IP).
/// The state lives in a small file (<c>{data_dir}/.streamer/rest-weight</c>) that each process reads and
/// updates under an exclusive lock; see <see cref="RestWeightState"/> for its format. Every request first
/// reserves its weight, waiting for the next window when the budget is spent, and nobody sends anything
/// while a 429 Retry-After or a 418 ban seen by any process is in force.
/// </summary>
public sealed class RestWeightLimiter
{
    /// <summary>Binance's weight window.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(1);

    /// <summary>Wait after a 418 without Retry-After (Binance bans last from 2 minutes to 3 days).</summary>
    public static readonly TimeSpan DefaultBan = TimeSpan.FromMinutes(2);

    private readonly string _path;
    private readonly int _budget;
    private readonly long _windowMs;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private long _weightUsed;
    private long _blockedUntilMs;
    private long _bannedUntilMs;

    /// <summary>Creates a limiter on the shared state file.</summary>
    /// <param name="stateFile">The shared file; its folder is created.</param>
    /// <param name="budgetPerWindow">Weight all processes together may use per window (network.rest_weight_budget).</param>
    /// <param name="time">Clock.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="window">Window length; Binance's is one minute (shorter only in tests).</param>
    public RestWeightLimiter(string stateFile, int budgetPerWindow, TimeProvider time, ILogger logger, TimeSpan? window = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateFile);
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetPerWindow, 1);
        _path = stateFile;
        _budget = budgetPerWindow;
        _windowMs = (long)(window ?? DefaultWindow).TotalMilliseconds;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _log = logger ?? throw new ArgumentNullException(nameof(logger));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(stateFile))!);
    }

    /// <summary>The state file of a data directory (USD-M's: the file every version before the other markets used).</summary>
    public static string StateFileIn(string dataDir) => Path.Combine(dataDir, ".streamer", "rest-weight");

    /// <summary>
    /// The state file of <paramref name="exchange"/>'s budget in a data directory: each market has its own per-IP
    /// limit, so its own file. USD-M keeps <see cref="StateFileIn(string)"/>'s <c>rest-weight</c>; the others are
    /// <c>rest-weight-{exchange}</c>.
    /// </summary>
    public static string StateFileIn(string dataDir, string exchange)
    {
        if (!Core.Exchanges.ExchangeIds.IsKnown(exchange))
        {
            throw new ArgumentException($"no exchange '{exchange}'", nameof(exchange));
        }

        return exchange == Core.Exchanges.ExchangeIds.BinanceUsdM
            ? StateFileIn(dataDir)
            : Path.Combine(dataDir, ".streamer", "rest-weight-" + exchange);
    }

    /// <summary>Weight this process has reserved since it started.</summary>
    public long WeightUsed => Interlocked.Read(ref _weightUsed);

    /// <summary>True while a 418 ban seen by any process is in force (as of the last look at the file).</summary>
    public bool IsBanned => Interlocked.Read(ref _bannedUntilMs) > _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>When the last seen ban or Retry-After ends (unix ms), 0 if none.</summary>
    public long BlockedUntilMs => Interlocked.Read(ref _blockedUntilMs);

    /// <summary>
    /// Waits until <paramref name="weight"/> fits in the current window's budget and no ban or Retry-After is
    /// in force, then reserves it. Returns the index of the window that was charged.
    /// </summary>
    public async ValueTask<long> ReserveAsync(int weight, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weight, 1);
        while (true)
        {
            long waitUntilMs;
            await using (var file = await LockAsync(ct).ConfigureAwait(false))
            {
                var now = NowMs;
                var state = (await ReadAsync(file, ct).ConfigureAwait(false)).In(now / _windowMs);
                Interlocked.Exchange(ref _bannedUntilMs, state.BanUntilMs);
                var blockedUntil = Math.Max(state.BanUntilMs, state.RetryUntilMs);
                Interlocked.Exchange(ref _blockedUntilMs, blockedUntil > now ? blockedUntil : 0);
                if (blockedUntil > now)
                {
                    waitUntilMs = blockedUntil;
                }
                else if (state.Effective + weight <= _budget || (state.Effective == 0 && weight > _budget))
                {
                    await WriteAsync(file, state with { Used = state.Used + weight }, ct).ConfigureAwait(false);
                    Interlocked.Add(ref _weightUsed, weight);
                    return state.Window;
                }
                else
                {
                    waitUntilMs = (state.Window + 1) * _windowMs;
                }
            }

            var delay = TimeSpan.FromMilliseconds(Math.Max(1, waitUntilMs - NowMs));
            RestLog.WaitingForBudget(_log, weight, delay.TotalSeconds);
            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Records the server's X-MBX-USED-WEIGHT-1M: weight used by this IP in the current window.</summary>
    public ValueTask ReportServerWeightAsync(int usedWeight, CancellationToken ct) =>
        UpdateAsync(s => s with { ServerUsed = Math.Max(s.ServerUsed, usedWeight) }, ct);

    /// <summary>A 429: every process stops sending until <paramref name="retryAfter"/> has passed.</summary>
    public ValueTask ReportRetryAfterAsync(TimeSpan retryAfter, CancellationToken ct)
    {
        var until = NowMs + (long)retryAfter.TotalMilliseconds;
        Interlocked.Exchange(ref _blockedUntilMs, Math.Max(BlockedUntilMs, until));
        return UpdateAsync(s => s with { RetryUntilMs = Math.Max(s.RetryUntilMs, until) }, ct);
    }

    /// <summary>A 418 ban: every process stops all REST until it ends.</summary>
    public ValueTask ReportBanAsync(TimeSpan banFor, CancellationToken ct)
    {
        var until = NowMs + (long)banFor.TotalMilliseconds;
        Interlocked.Exchange(ref _bannedUntilMs, Math.Max(Interlocked.Read(ref _bannedUntilMs), until));
        Interlocked.Exchange(ref _blockedUntilMs, Math.Max(BlockedUntilMs, until));
        return UpdateAsync(s => s with { BanUntilMs = Math.Max(s.BanUntilMs, until) }, ct);
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async ValueTask UpdateAsync(Func<RestWeightState, RestWeightState> change, CancellationToken ct)
    {
        await using var file = await LockAsync(ct).ConfigureAwait(false);
        var state = (await ReadAsync(file, ct).ConfigureAwait(false)).In(NowMs / _windowMs);
        await WriteAsync(file, change(state), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the state file exclusively. On Unix .NET backs FileShare.None with an advisory flock, which
    /// every process of ours honours; a second opener gets an IOException and tries again shortly.
    /// </summary>
    private async ValueTask<FileStream> LockAsync(CancellationToken ct)
    {
        var attempt = 0;
        while (true)
        {
            try
            {
                return new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 256, FileOptions.None);
            }
            catch (IOException) when (attempt < 10_000)
            {
                attempt++;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(20, 1 + attempt)), ct).ConfigureAwait(false);
            }
        }
    }

    private static async ValueTask<RestWeightState> ReadAsync(FileStream file, CancellationToken ct)
    {
        var buffer = new byte[128];
        var n = await file.ReadAsync(buffer, ct).ConfigureAwait(false);
        return RestWeightState.Parse(Encoding.ASCII.GetString(buffer, 0, n));
    }

    private static async ValueTask WriteAsync(FileStream file, RestWeightState state, CancellationToken ct)
    {
        var bytes = Encoding.ASCII.GetBytes(state.Format());
        file.Position = 0;
        file.SetLength(0);
        await file.WriteAsync(bytes, ct).ConfigureAwait(false);
        await file.FlushAsync(ct).ConfigureAwait(false);
    }
}

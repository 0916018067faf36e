using System.Collections.Concurrent;
using System.Net;

namespace Streamer.Simulator.Rest;

/// <summary>
/// Binance's request-weight accounting per IP over calendar minutes (real time, since clients back
/// off in real time). Over the limit: 429 with Retry-After until the minute ends. Coming back before
/// then counts as a violation; enough violations earn a 418 ban of the configured length.
/// </summary>
internal sealed class WeightLimiter
{
    private readonly ConcurrentDictionary<IPAddress, IpState> _ips = new();
    private readonly int _limit;
    private readonly TimeSpan _ban;
    private readonly int _violationsBeforeBan;
    private readonly TimeProvider _time;

    public WeightLimiter(int limit, TimeSpan ban, int violationsBeforeBan, TimeProvider time)
    {
        _limit = limit;
        _ban = ban;
        _violationsBeforeBan = violationsBeforeBan;
        _time = time;
    }

    public int Limit => _limit;

    public Verdict Charge(IPAddress ip, int weight)
    {
        var state = _ips.GetOrAdd(ip, _ => new IpState());
        var now = _time.GetUtcNow();
        lock (state)
        {
            var minute = now.ToUnixTimeSeconds() / 60;
            if (minute != state.Minute)
            {
                state.Minute = minute;
                state.Used = 0;
            }

            state.Used += weight;
            if (state.BannedUntil > now)
            {
                Interlocked.Increment(ref _banAnswers);
                return new Verdict(418, state.Used, Seconds(state.BannedUntil - now), state.BannedUntil);
            }

            if (state.BackOffUntil > now)
            {
                if (++state.Violations >= _violationsBeforeBan)
                {
                    state.BannedUntil = now + _ban;
                    state.Violations = 0;
                    Interlocked.Increment(ref _banAnswers);
                    return new Verdict(418, state.Used, Seconds(_ban), state.BannedUntil);
                }

                Interlocked.Increment(ref _tooManyAnswers);
                return new Verdict(429, state.Used, Seconds(state.BackOffUntil - now), null);
            }

            state.Violations = 0;
            if (state.Used > _limit)
            {
                state.BackOffUntil = DateTimeOffset.FromUnixTimeSeconds((minute + 1) * 60);
                Interlocked.Increment(ref _tooManyAnswers);
                return new Verdict(429, state.Used, Seconds(state.BackOffUntil - now), null);
            }

            return new Verdict(200, state.Used, 0, null);
        }
    }

    private long _tooManyAnswers;
    private long _banAnswers;

    /// <summary>429 answers given because a client exceeded the limit.</summary>
    public long TooManyRequestsAnswers => Interlocked.Read(ref _tooManyAnswers);

    /// <summary>418 answers given because a client kept requesting during a back-off or ban.</summary>
    public long BanAnswers => Interlocked.Read(ref _banAnswers);

    /// <summary>Weight used this minute without charging anything (for forced fault answers).</summary>
    public int Used(IPAddress ip)
    {
        if (!_ips.TryGetValue(ip, out var state))
        {
            return 0;
        }

        lock (state)
        {
            return state.Minute == _time.GetUtcNow().ToUnixTimeSeconds() / 60 ? state.Used : 0;
        }
    }

    private static int Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));

    /// <summary>Status 200, 429 or 418; the weight used this minute; Retry-After seconds.</summary>
    internal readonly record struct Verdict(int Status, int UsedWeight, int RetryAfterSeconds, DateTimeOffset? BannedUntil);

    private sealed class IpState
    {
        public long Minute;
        public int Used;
        public DateTimeOffset BackOffUntil;
        public DateTimeOffset BannedUntil;
        public int Violations;
    }
}

namespace Streamer.Binance;

/// <summary>Exponential backoff with jitter, shared by reconnects and REST retries.</summary>
public static class Backoff
{
    /// <summary>The delay after <paramref name="current"/>: doubled, capped at <paramref name="max"/>.</summary>
    public static TimeSpan Next(TimeSpan current, TimeSpan max)
    {
        var doubled = current <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(100) : current * 2;
        return doubled > max ? max : doubled;
    }

    /// <summary>
    /// <paramref name="delay"/> scaled by a random factor in [0.5, 1.0]: hundreds of workers that lost their
    /// connections together must not come back in the same millisecond.
    /// </summary>
    public static TimeSpan Jitter(TimeSpan delay) => delay * (0.5 + (Random.Shared.NextDouble() * 0.5));
}

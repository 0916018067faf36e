namespace Streamer.History.Download;

/// <summary>Attempts after the first, and the pause before each: doubling from <see cref="FirstDelay"/> up to <see cref="MaxDelay"/>.</summary>
internal sealed record RetryPolicy(int Retries, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static RetryPolicy Default { get; } = new(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <summary>The pause before attempt <paramref name="attempt"/> (2 = the first retry).</summary>
    public TimeSpan DelayBefore(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks * (1L << Math.Min(20, attempt - 2))));
}

using Streamer.Core.Configuration;

namespace Streamer.Supervisor.Metrics;

/// <summary>What should be running according to the configuration in force (not merely what was started so far).</summary>
/// <param name="OrderBook">The order book process is enabled (then it is critical).</param>
/// <param name="Symbols">Enabled symbols: each needs a worker with recent data.</param>
public sealed record HealthExpectations(bool OrderBook, IReadOnlyList<string> Symbols)
{
    /// <summary>From the configuration.</summary>
    public static HealthExpectations From(StreamerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new HealthExpectations(config.OrderBook.Enabled, [.. config.EnabledSymbols.Select(s => s.Key)]);
    }
}

/// <summary>Thresholds of <see cref="HealthCheck"/>.</summary>
public sealed record HealthOptions
{
    /// <summary>
    /// A worker whose newest market message (of any of its streams) is older than this is unhealthy. One
    /// minute is generous for any listed USD-M symbol when it records depth, bookticker or markprice
    /// (markPrice arrives every few seconds even without trades); an aggtrade-only illiquid symbol can be
    /// silent longer, so record one of those streams too.
    /// </summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(60);
}

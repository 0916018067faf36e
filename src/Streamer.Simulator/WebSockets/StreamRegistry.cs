using System.Collections.Concurrent;

namespace Streamer.Simulator.WebSockets;

/// <summary>
/// Which streams exist on which route. A name that is not here (wrong route, legacy path, unknown
/// symbol or type) is still acknowledged to the client, it just never receives data — exactly the
/// silent failure a recorder has to survive on the real exchange.
/// </summary>
internal sealed class StreamRegistry
{
    private readonly ConcurrentDictionary<string, StreamChannel> _public = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, StreamChannel> _market = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, StreamChannel> _coinM = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, StreamChannel> _spot = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _createOnDemand;
    private int _attached;

    /// <param name="createOnDemand">Replay: any name is created on first use if it belongs on the route asked.</param>
    public StreamRegistry(bool createOnDemand = false) => _createOnDemand = createOnDemand;

    /// <summary>Raised once, on the first subscription that will receive data (starts a replay).</summary>
    public event Action? FirstDataSubscription;

    public StreamChannel Create(Route route, string name)
    {
        var channel = new StreamChannel(route, name);
        if (!Table(route).TryAdd(name, channel))
        {
            throw new InvalidOperationException($"stream {name} registered twice");
        }

        return channel;
    }

    public StreamChannel? Find(Route route, string name) =>
        route == Route.Legacy ? null : Table(route).GetValueOrDefault(name);

    /// <summary>The channel a subscription attaches to, or null when it is to be acknowledged and starved.</summary>
    public StreamChannel? Resolve(Route route, string name)
    {
        if (route == Route.Legacy)
        {
            return null;
        }

        var table = Table(route);
        if (table.TryGetValue(name, out var channel))
        {
            return channel;
        }

        // Replays are USD-M captures: only the USD-M routes create streams on demand.
        if (_createOnDemand && (route is Route.Public or Route.Market) && StreamNames.RouteOf(name) == route && name.Contains('@', StringComparison.Ordinal))
        {
            return table.GetOrAdd(name, n => new StreamChannel(route, n));
        }

        return null;
    }

    public void NotifyAttached()
    {
        if (Interlocked.Exchange(ref _attached, 1) == 0)
        {
            FirstDataSubscription?.Invoke();
        }
    }

    private ConcurrentDictionary<string, StreamChannel> Table(Route route) => route switch
    {
        Route.Public => _public,
        Route.CoinM => _coinM,
        Route.Spot => _spot,
        _ => _market,
    };
}

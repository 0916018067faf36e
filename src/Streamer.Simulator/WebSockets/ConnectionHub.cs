using System.Collections.Concurrent;

namespace Streamer.Simulator.WebSockets;

/// <summary>All open WebSocket connections, their shared settings and the counters stats reports.</summary>
internal sealed class ConnectionHub
{
    private readonly ConcurrentDictionary<long, Connection> _connections = new();
    private long _messagesSent;
    private long _slowClientDisconnects;
    private long _nextId;

    public ConnectionHub(SimulatorOptions options, StreamRegistry streams, CancellationToken stopping)
    {
        Options = options;
        Streams = streams;
        Stopping = stopping;
    }

    public SimulatorOptions Options { get; }

    public StreamRegistry Streams { get; }

    /// <summary>Cancelled when the exchange stops; every connection is cut then.</summary>
    public CancellationToken Stopping { get; }

    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    public long SlowClientDisconnects => Interlocked.Read(ref _slowClientDisconnects);

    public long NextId() => Interlocked.Increment(ref _nextId);

    public void Add(Connection connection) => _connections[connection.Id] = connection;

    public void Remove(Connection connection) => _connections.TryRemove(connection.Id, out _);

    public void CountSent() => Interlocked.Increment(ref _messagesSent);

    public void CountSlowClient() => Interlocked.Increment(ref _slowClientDisconnects);

    public IReadOnlyDictionary<string, int> CountByRoute()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [Routes.Name(Route.Public)] = 0,
            [Routes.Name(Route.Market)] = 0,
            [Routes.Name(Route.Legacy)] = 0,
            [Routes.Name(Route.CoinM)] = 0,
            [Routes.Name(Route.Spot)] = 0,
        };
        foreach (var connection in _connections.Values)
        {
            counts[Routes.Name(connection.Route)]++;
        }

        return counts;
    }

    /// <summary>Connections on one of <paramref name="routes"/> subscribed to <paramref name="symbol"/> (any if null).</summary>
    public IReadOnlyList<Connection> Select(IReadOnlyCollection<Route> routes, string? symbol) =>
        _connections.Values.Where(c => routes.Contains(c.Route) && c.Matches(null, symbol)).ToList();
}

using System.Text;

namespace Streamer.Simulator.WebSockets;

/// <summary>
/// One stream on one route (e.g. <c>btcusdt@aggTrade</c> on /market) and the connections
/// subscribed to it. The subscriber list is copy-on-write so publishing never takes a lock.
/// </summary>
internal sealed class StreamChannel
{
    private readonly object _gate = new();
    private readonly byte[] _prefix;
    private volatile Connection[] _subscribers = [];

    public StreamChannel(Route route, string name)
    {
        Route = route;
        Name = name;
        Symbol = StreamNames.SymbolOf(name);
        _prefix = Encoding.UTF8.GetBytes($"{{\"stream\":\"{name}\",\"data\":");
    }

    public Route Route { get; }

    public string Name { get; }

    public string? Symbol { get; }

    public bool HasSubscribers => _subscribers.Length != 0;

    public void Add(Connection connection)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_subscribers, connection) < 0)
            {
                _subscribers = [.. _subscribers, connection];
            }
        }
    }

    public void Remove(Connection connection)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Where(c => c != connection).ToArray();
        }
    }

    /// <summary>Wraps the data once and hands the same buffer to every subscriber; slow ones are dropped.</summary>
    public void Publish(ReadOnlySpan<byte> data)
    {
        var subscribers = _subscribers;
        if (subscribers.Length == 0)
        {
            return;
        }

        var frame = Envelope(data);
        foreach (var connection in subscribers)
        {
            connection.TryEnqueue(frame);
        }
    }

    /// <summary>
    /// Replay path: the capture line already is the envelope. Waits for room instead of dropping,
    /// so "as fast as possible" means as fast as the client reads.
    /// </summary>
    public async ValueTask PublishAsync(OutFrame frame, CancellationToken cancellationToken)
    {
        foreach (var connection in _subscribers)
        {
            await connection.EnqueueAsync(frame, cancellationToken).ConfigureAwait(false);
        }
    }

    private OutFrame Envelope(ReadOnlySpan<byte> data)
    {
        var buffer = new byte[_prefix.Length + data.Length + 1];
        _prefix.CopyTo(buffer, 0);
        data.CopyTo(buffer.AsSpan(_prefix.Length));
        buffer[^1] = (byte)'}';
        return new OutFrame(buffer, _prefix.Length, data.Length, true);
    }
}

using Microsoft.Extensions.Logging;
using Streamer.Binance.Parsing;
using Streamer.Core.Configuration;
using Streamer.Core.Streams;

namespace Streamer.Binance.WebSockets;

/// <summary>
/// Keeps one route (<c>/public</c> or <c>/market</c>) of one symbol connected for weeks: reconnects on
/// close, error or silence with exponential backoff and jitter (reset only after a healthy uptime), replaces
/// each connection before its lifetime ends by an overlapping one without loss or duplicates, parses every
/// message once and hands it to an <see cref="IRouteListener"/>.
/// </summary>
/// <remarks>
/// Split by concern: this file is the reconnect loop; <c>.Receiving</c> parses and delivers;
/// <c>.Rollover</c> runs the overlapping replacement; <c>.Watchdog</c> detects silent streams and starts rollovers.
/// </remarks>
public sealed partial class RouteConnection : IDisposable
{
    private readonly RouteSubscription _subscription;
    private readonly NetworkConfig _network;
    private readonly IMessageParser _parser;
    private readonly IRouteListener _listener;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _deliver = new(1, 1);
    private long _reconnects;
    private long _rollovers;
    private volatile string _state = "connecting";

    /// <summary>Creates the connection manager; nothing happens until <see cref="RunAsync"/>.</summary>
    public RouteConnection(RouteSubscription subscription, NetworkConfig network, IMessageParser parser, IRouteListener listener, TimeProvider time, ILogger logger)
    {
        _subscription = subscription ?? throw new ArgumentNullException(nameof(subscription));
        _network = network ?? throw new ArgumentNullException(nameof(network));
        _parser = parser ?? throw new ArgumentNullException(nameof(parser));
        _listener = listener ?? throw new ArgumentNullException(nameof(listener));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _log = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The route this connection carries.</summary>
    public RouteSubscription Subscription => _subscription;

    /// <summary>connecting, streaming or reconnecting.</summary>
    public string State => _state;

    /// <summary>Connections lost and re-established (rollovers not included).</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Planned, gapless connection replacements.</summary>
    public long Rollovers => Interlocked.Read(ref _rollovers);

    /// <summary>Time of the client's own WebSocket pings; a missing pong within the silence timeout ends the connection.</summary>
    private TimeSpan KeepAlive => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, Math.Min(TimeSpan.FromSeconds(30).Ticks, _network.SilenceTimeout.Ticks / 2)));

    /// <summary>Connects and stays connected until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var delay = _network.ReconnectMinDelay;
        var everConnected = false;
        long downSinceMs = 0;
        var url = _subscription.Url;
        while (!ct.IsCancellationRequested)
        {
            RouteLeg leg;
            try
            {
                leg = await ConnectLegAsync(url, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not OutOfMemoryException)
            {
                var wait = Backoff.Jitter(delay);
                RouteLog.ConnectFailed(_log, _subscription.Name, url, e.Message, wait.TotalSeconds);
                await DelayAsync(wait, ct).ConfigureAwait(false);
                delay = Backoff.Next(delay, _network.ReconnectMaxDelay);
                continue;
            }
            catch (OperationCanceledException)
            {
                break;
            }

            _state = "streaming";
            if (everConnected)
            {
                Interlocked.Increment(ref _reconnects);
                var downtime = TimeSpan.FromMilliseconds(NowMs - downSinceMs);
                RouteLog.Reconnected(_log, _subscription.Name, downtime.TotalSeconds);
                await _listener.OnEventAsync(new RouteEvent(RouteEventKind.Reconnected, _subscription.Name, "connected again", downtime), ct).ConfigureAwait(false);
            }
            else
            {
                RouteLog.Connected(_log, _subscription.Name, url);
                await _listener.OnEventAsync(new RouteEvent(RouteEventKind.Connected, _subscription.Name, "connected"), ct).ConfigureAwait(false);
            }

            everConnected = true;
            var sessionStartMs = NowMs;
            var reason = await RunSessionAsync(leg, ct).ConfigureAwait(false);
            if (ct.IsCancellationRequested)
            {
                break;
            }

            if (NowMs - sessionStartMs >= _network.HealthyConnection.TotalMilliseconds)
            {
                delay = _network.ReconnectMinDelay;
            }

            _state = "reconnecting";
            downSinceMs = NowMs;
            var pause = Backoff.Jitter(delay);
            RouteLog.Disconnected(_log, _subscription.Name, reason, pause.TotalSeconds);
            await _listener.OnEventAsync(new RouteEvent(RouteEventKind.Disconnected, _subscription.Name, reason), ct).ConfigureAwait(false);
            await DelayAsync(pause, ct).ConfigureAwait(false);
            delay = Backoff.Next(delay, _network.ReconnectMaxDelay);
        }

        _state = "stopped";
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<RouteLeg> ConnectLegAsync(Uri url, CancellationToken ct)
    {
        var session = await WebSocketSession.ConnectAsync(url, _network.ConnectTimeout, KeepAlive, _network.SilenceTimeout, ct).ConfigureAwait(false);
        try
        {
            // Exchanges that subscribe by message (Bybit) say what they want first; replies are parsed as Skipped.
            foreach (var message in _subscription.ConnectMessages)
            {
                if (!session.Send(message))
                {
                    throw new System.Net.WebSockets.WebSocketException($"could not send the subscription to {url}");
                }
            }

            if (_subscription.Ping is { } ping)
            {
                session.StartPinging(ping.Text, ping.Interval, _time);
            }
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return new RouteLeg(session, NowMs);
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends the run.
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _deliver.Dispose();

    private static string StreamName(StreamType type) => StreamCatalog.Get(type)?.ConfigName ?? type.ToString();
}

namespace Streamer.Core.Logging;

/// <summary>
/// The one registry of log event ids: every component logs in a range of its own, so an id names one message in
/// the whole product (the logs of all processes meet in one stream: the supervisor's stderr or the daemon log).
/// A test checks every <c>[LoggerMessage]</c> of every Streamer assembly against this table and for duplicates;
/// a new component takes a free range here first.
/// </summary>
public static class LogEventIds
{
    /// <summary>(first id, last id, component, assembly) per range, in id order.</summary>
    public static IReadOnlyList<(int First, int Last, string Component, string Assembly)> Ranges { get; } =
    [
        (900, 999, "role host (every child's entry point)", "streamer"),
        (1000, 1399, "supervisor: children, reload, control channel, metrics, journals of removed sources", "Streamer.Supervisor"),
        (2100, 2199, "REST client and weight limiter", "Streamer.Binance"),
        (2200, 2299, "WebSocket routes", "Streamer.Binance"),
        (2300, 2399, "Bybit REST client", "Streamer.Bybit"),
        (3000, 3199, "worker", "Streamer.Worker"),
        (4000, 4099, "order book feed client (worker side)", "Streamer.Pipes"),
        (4100, 4199, "order book process", "Streamer.OrderBook"),
        (5000, 5099, "writer process", "Streamer.Writer"),
        (5100, 5199, "writer client and handoff journal (every producer)", "Streamer.Pipes"),
        (6000, 6099, "uploader (object storage)", "Streamer.Upload"),
        (7000, 7099, "storage formats (Parquet)", "Streamer.Storage"),
        (9000, 9099, "simulated exchange", "Streamer.Simulator"),
        (10000, 10099, "historical data", "Streamer.History"),
    ];
}

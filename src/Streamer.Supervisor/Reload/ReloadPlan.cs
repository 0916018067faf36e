using Streamer.Core.Configuration;

namespace Streamer.Supervisor.Reload;

/// <summary>
/// What a new configuration changes in the running set (DESIGN section 5: adding a symbol starts its
/// worker without touching the others). A pure function of the old and new configuration.
/// </summary>
/// <param name="Start">Symbols to start (added or enabled).</param>
/// <param name="Stop">Symbols to stop (removed or disabled).</param>
/// <param name="Restart">Symbols whose worker must restart (streams or snapshot setting changed, or the order book was switched on or off).</param>
/// <param name="OrderBook">What happens to the order book process.</param>
/// <param name="OtherSections">Changed sections that only apply to processes started from now on.</param>
public sealed record ReloadPlan(
    IReadOnlyList<string> Start,
    IReadOnlyList<string> Stop,
    IReadOnlyList<string> Restart,
    OrderBookChange OrderBook,
    IReadOnlyList<string> OtherSections)
{
    /// <summary>True when no process needs to change.</summary>
    public bool ChangesProcesses => Start.Count + Stop.Count + Restart.Count > 0 || OrderBook != OrderBookChange.None;

    /// <summary>Computes the plan from <paramref name="current"/> to <paramref name="next"/>.</summary>
    public static ReloadPlan Compute(StreamerConfig current, StreamerConfig next)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        var before = current.EnabledSymbols.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var after = next.EnabledSymbols.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var bookToggled = current.OrderBook.Enabled != next.OrderBook.Enabled;

        var start = next.EnabledSymbols.Where(s => !before.ContainsKey(s.Key)).Select(s => s.Key).ToList();
        var stop = current.EnabledSymbols.Where(s => !after.ContainsKey(s.Key)).Select(s => s.Key).ToList();
        // Workers read orderbook.enabled at start to decide whether to feed the book, so a toggle restarts them.
        var restart = next.EnabledSymbols
            .Where(s => before.TryGetValue(s.Key, out var old) && (bookToggled || !SameWork(old, s)))
            .Select(s => s.Key).ToList();

        var book = (current.OrderBook.Enabled, next.OrderBook.Enabled) switch
        {
            (false, true) => OrderBookChange.Start,
            (true, false) => OrderBookChange.Stop,
            (true, true) when current.OrderBook != next.OrderBook => OrderBookChange.Restart,
            _ => OrderBookChange.None,
        };

        var sections = new List<string>();
        AddIfChanged(sections, "network", current.Network, next.Network);
        AddIfChanged(sections, "storage", current.Storage, next.Storage);
        AddIfChanged(sections, "supervisor", current.Supervisor, next.Supervisor);
        AddIfChanged(sections, "metrics", current.Metrics, next.Metrics);
        AddIfChanged(sections, "daemon", current.Daemon, next.Daemon);
        AddIfChanged(sections, "logging", current.Logging, next.Logging);
        return new ReloadPlan(start, stop, restart, book, sections);
    }

    /// <summary>One line for the log.</summary>
    public string Summary()
    {
        var parts = new List<string>();
        if (Start.Count > 0)
        {
            parts.Add("started " + string.Join(", ", Start));
        }

        if (Stop.Count > 0)
        {
            parts.Add("stopped " + string.Join(", ", Stop));
        }

        if (Restart.Count > 0)
        {
            parts.Add("restarted " + string.Join(", ", Restart));
        }

        if (OrderBook != OrderBookChange.None)
        {
            parts.Add("order book " + OrderBook.ToString().ToLowerInvariant() + (OrderBook == OrderBookChange.Stop ? "ped" : "ed"));
        }

        return parts.Count == 0 ? "no change to the running processes" : string.Join("; ", parts);
    }

    private static bool SameWork(SymbolConfig a, SymbolConfig b) =>
        a.DepthSnapshot == b.DepthSnapshot
        && string.Equals(a.Exchange, b.Exchange, StringComparison.Ordinal)
        && a.Streams.Select(s => s.ConfigName).Order(StringComparer.Ordinal).SequenceEqual(b.Streams.Select(s => s.ConfigName).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    private static void AddIfChanged<T>(List<string> sections, string name, T a, T b)
    {
        if (!EqualityComparer<T>.Default.Equals(a, b))
        {
            sections.Add(name);
        }
    }
}

/// <summary>What a reload does to the order book process.</summary>
public enum OrderBookChange
{
    None,
    Start,
    Stop,
    Restart,
}

using System.Globalization;
using Streamer.Core.Status;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Metrics;

/// <summary>
/// <c>/health</c>. Healthy only when: the supervisor is not stopping; the writer (and the order book when
/// enabled) runs and can write; no child is in a crash loop; and every enabled symbol that the exchange
/// lists has a running worker whose newest market message (any stream; events and REST snapshots do not
/// count) was received within <see cref="HealthOptions.StaleAfter"/>. A worker that has not received any
/// data yet (just started or restarted) is not healthy yet. A rejected symbol (not on the exchange) is a
/// warning: it will never have data, and the supervisor has already said so.
/// </summary>
public static class HealthCheck
{
    private static readonly HashSet<string> NotMarketData = new(StringComparer.Ordinal) { "events", "depth_snapshot" };

    /// <summary>Evaluates a snapshot; <paramref name="expected"/> defaults to the children in the snapshot.</summary>
    public static HealthReport Evaluate(SupervisorSnapshot snapshot, HealthExpectations? expected = null, HealthOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        expected ??= new HealthExpectations(
            snapshot.Children.Any(c => c.Role == "orderbook"),
            [.. snapshot.Children.Where(c => c.Role == "worker" && c.Symbol is not null).Select(c => c.Symbol!)]);
        options ??= new HealthOptions();
        var problems = new List<string>();
        var warnings = new List<string>();
        if (snapshot.Stopping)
        {
            problems.Add("streamer is stopping");
        }

        Critical(snapshot, "writer", problems);
        if (expected.OrderBook)
        {
            Critical(snapshot, "orderbook", problems);
            OrderBookWarnings(snapshot, warnings);
        }

        foreach (var child in snapshot.Children.Where(c => c.CrashLoop))
        {
            problems.Add($"{Name(child)} is in a crash loop ({child.Detail ?? child.State}); its log says why");
        }

        var symbols = new List<SymbolHealth>();
        foreach (var symbol in expected.Symbols)
        {
            symbols.Add(Worker(snapshot, symbol, options, problems, warnings));
        }

        var upload = UploadHealthOf(snapshot, problems, warnings);
        return new HealthReport(problems.Count == 0, problems, warnings, symbols) { Upload = upload };
    }

    /// <summary>The problems only (empty: healthy).</summary>
    public static IReadOnlyList<string> Problems(SupervisorSnapshot snapshot, HealthExpectations? expected = null, HealthOptions? options = null) =>
        Evaluate(snapshot, expected, options).Problems;

    private static void Critical(SupervisorSnapshot snapshot, string role, List<string> problems)
    {
        var child = snapshot.Children.FirstOrDefault(c => c.Role == role);
        if (child is null)
        {
            problems.Add($"the {role} has not been started yet");
        }
        else if (child.Pid is null)
        {
            problems.Add($"the {role} is not running ({Why(child, snapshot.Now)})");
        }
        else if (child.Report is { State: "disk-full" or "waiting" } report)
        {
            problems.Add($"the {role} cannot write ({report.State}): {report.Detail}");
        }
    }

    private static void OrderBookWarnings(SupervisorSnapshot snapshot, List<string> warnings)
    {
        var info = snapshot.Children.FirstOrDefault(c => c.Role == "orderbook")?.Report?.Info;
        if (info is null)
        {
            return;
        }

        foreach (var (key, value) in info.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (key.EndsWith(".synced", StringComparison.Ordinal) && value != "true")
            {
                warnings.Add($"the order book of {key[..^".synced".Length]} is not in sync");
            }
        }
    }

    private static SymbolHealth Worker(SupervisorSnapshot snapshot, string symbol, HealthOptions options, List<string> problems, List<string> warnings)
    {
        var child = snapshot.Children.FirstOrDefault(c => c.Role == "worker" && c.Symbol == symbol);
        if (child is null)
        {
            problems.Add($"worker {symbol} has not been started yet");
            return new SymbolHealth(symbol, "missing", null);
        }

        if (child.State == "rejected")
        {
            warnings.Add($"{symbol} is not listed by the exchange and is not recorded; remove it from the configuration or fix its name");
            return new SymbolHealth(symbol, child.State, null);
        }

        if (child.Pid is null)
        {
            problems.Add($"worker {symbol} is not running ({Why(child, snapshot.Now)})");
            return new SymbolHealth(symbol, child.State, null);
        }

        var state = child.Report?.State ?? child.State;
        var newestUs = NewestMarketMessageUs(child.Report);
        if (newestUs == 0)
        {
            var up = child.StartedAt is { } started ? " (up " + DurationText.Format(snapshot.Now - started) + ")" : "";
            problems.Add($"worker {symbol} has not received market data yet{up}, state {state}{Detail(child.Report)}");
            return new SymbolHealth(symbol, state, null);
        }

        var age = MetricTime.AgeSeconds(snapshot.Now, newestUs);
        if (age > options.StaleAfter.TotalSeconds)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"worker {symbol} has received no market data for {DurationText.Format(TimeSpan.FromSeconds(age))} (limit {DurationText.Format(options.StaleAfter)}), state {state}{Detail(child.Report)}"));
        }

        return new SymbolHealth(symbol, state, age);
    }

    /// <summary>
    /// Recording does not depend on the uploader, so a store that is down is a warning; credentials or a bucket
    /// that the store refuses need a person, and make /health 503.
    /// </summary>
    private static UploadHealth? UploadHealthOf(SupervisorSnapshot snapshot, List<string> problems, List<string> warnings)
    {
        var child = snapshot.Children.FirstOrDefault(c => c.Role == "uploader");
        if (child is null)
        {
            return null;
        }

        var counters = child.Report?.Counters ?? [];
        var health = new UploadHealth(child.Pid is null ? child.State : child.Report?.State ?? child.State,
            counters.GetValueOrDefault("upload_pending_files"), counters.GetValueOrDefault("upload_pending_bytes"),
            counters.GetValueOrDefault("upload_oldest_pending_seconds"), counters.GetValueOrDefault("upload_failures"), child.Report?.Detail);
        var backlog = string.Create(CultureInfo.InvariantCulture,
            $"{health.PendingFiles} file(s), {health.PendingBytes} bytes wait, the oldest for {DurationText.Format(TimeSpan.FromSeconds(health.OldestPendingSeconds))}");
        if (child.Pid is null)
        {
            warnings.Add($"the uploader is not running ({Why(child, snapshot.Now)})");
        }
        else if (health.State is "bad-credentials" or "no-bucket")
        {
            problems.Add($"the uploader cannot upload: {health.Detail}; {backlog}");
        }
        else if (health.State == "store-down")
        {
            warnings.Add($"the object store does not answer ({health.Detail}); {backlog}");
        }

        return health;
    }

    private static long NewestMarketMessageUs(ChildStatus? report) =>
        report is null ? 0 : report.Streams.Where(s => !NotMarketData.Contains(s.Key)).Select(s => s.Value.LastLocalTimeUs).DefaultIfEmpty(0).Max();

    private static string Why(ChildSnapshot child, DateTimeOffset now)
    {
        var parts = new List<string> { child.State };
        if (child.Detail is not null)
        {
            parts.Add(child.Detail);
        }

        if (child.NextStartAt is { } next)
        {
            parts.Add("restart in " + DurationText.Format(next - now));
        }

        return string.Join(", ", parts);
    }

    private static string Detail(ChildStatus? report) => string.IsNullOrEmpty(report?.Detail) ? "" : ": " + report.Detail;

    private static string Name(ChildSnapshot child) => child.Symbol is null ? child.Role : child.Role + " " + child.Symbol;
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Streamer.Core.Processes;
using Streamer.IntegrationTests.Infrastructure;

namespace Streamer.IntegrationTests;

/// <summary>
/// /metrics and /health of the real executable during a simulator run: the numbers move, agree with the
/// rows on disk, health follows a worker being killed and coming back, and the killed worker's counters
/// do not go backwards.
/// </summary>
[NonParallelizable]
public partial class MetricsEndToEndTests
{
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT"];

    [Test, CancelAfter(150_000)]
    public async Task MetricsMoveAndMatchTheFiles_HealthFollowsAKilledWorker(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(Symbols, ct: ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        http.BaseAddress = await MetricsAddressAsync(run);

        // Healthy once every worker has data.
        await Eventually.UntilAsync(async () => (await HealthAsync(http)).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60),
            "/health 200", () => run.Streamer.Output);

        // Counters move.
        var first = await ScrapeAsync(http);
        await run.WaitForMoreTradesAsync(20, TimeSpan.FromSeconds(60));
        await Eventually.UntilAsync(async () =>
        {
            var second = await ScrapeAsync(http);
            return Symbols.All(s =>
                    second.Value("streamer_stream_messages_total", Worker(s, "aggtrade")) > first.Value("streamer_stream_messages_total", Worker(s, "aggtrade"))
                    && second.Value("streamer_stream_rows_total", Worker(s, "aggtrade")) > first.Value("streamer_stream_rows_total", Worker(s, "aggtrade")))
                && second.Value("streamer_rows_written_total", "role=\"writer\"") > first.Value("streamer_rows_written_total", "role=\"writer\"")
                && second.Value("streamer_written_bytes_total", "role=\"writer\"") > first.Value("streamer_written_bytes_total", "role=\"writer\"")
                && second.Value("streamer_exchange_to_disk_latency_seconds_count", "") > first.Value("streamer_exchange_to_disk_latency_seconds_count", "");
        }, TimeSpan.FromSeconds(20), "messages, rows, bytes and latency observations to increase", () => run.Streamer.Output);

        // After the market pauses, the row counters converge on the rows in the files.
        run.Exchange.Pause();
        Scrape? converged = null;
        await Eventually.UntilAsync(async () =>
        {
            var scrape = await ScrapeAsync(http);
            var onDisk = Symbols.ToDictionary(s => s, s => (double)Recorded.RowCount(run.DataDir, s, "aggtrade"));
            converged = scrape;
            return Symbols.All(s => scrape.Value("streamer_stream_rows_total", Worker(s, "aggtrade")) == onDisk[s])
                && scrape.Value("streamer_stream_rows_total", "role=\"writer\",stream=\"aggtrade\"") == onDisk.Values.Sum();
        }, TimeSpan.FromSeconds(30), "aggtrade row counters equal to the rows on disk",
            () => converged is null ? "" : string.Join('\n', converged.Lines.Where(l => l.Contains("aggtrade", StringComparison.Ordinal))));

        var latencyCount = converged!.Value("streamer_exchange_to_disk_latency_seconds_count", "");
        Assert.That(converged.Value("streamer_exchange_to_disk_latency_seconds_bucket", "le=\"+Inf\""), Is.EqualTo(latencyCount));
        Assert.That(converged.Value("streamer_exchange_to_disk_latency_seconds_bucket", "le=\"60\""), Is.LessThanOrEqualTo(latencyCount));
        Assert.That(converged.Value("streamer_healthy", ""), Is.EqualTo(1));
        run.Exchange.Resume();

        // kill -9 a worker: /health says which symbol is down, then recovers after the restart.
        var pid = await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "worker", "ETHUSDT", TimeSpan.FromSeconds(10));
        var beforeKill = await ScrapeAsync(http);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var unhealthy = new ConcurrentQueue<string>();
        var watcher = WatchForUnhealthyAsync(http, unhealthy, watching.Token);
        Signals.Send(pid, Signals.SigKill);
        await Eventually.UntilAsync(() => unhealthy.Any(body => body.Contains("ETHUSDT", StringComparison.Ordinal)), TimeSpan.FromSeconds(20),
            "/health 503 naming ETHUSDT", () => string.Join('\n', unhealthy) + "\n" + run.Streamer.Output);
        await watching.CancelAsync();
        await watcher;

        var problems = JsonDocument.Parse(unhealthy.First(b => b.Contains("ETHUSDT", StringComparison.Ordinal))).RootElement;
        Assert.That(problems.GetProperty("healthy").GetBoolean(), Is.False);
        Assert.That(problems.GetProperty("problems").EnumerateArray().Select(p => p.GetString()), Has.Some.Contains("worker ETHUSDT"));

        await ProcessTree.WaitForChildAsync(run.Streamer.Pid, "worker", "ETHUSDT", TimeSpan.FromSeconds(30), notPid: pid);
        await Eventually.UntilAsync(async () => (await HealthAsync(http)).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60),
            "/health 200 again after the restart", () => run.Streamer.Output);
        var after = await ScrapeAsync(http);
        Assert.That(after.Value("streamer_child_restarts_total", "role=\"worker\",symbol=\"ETHUSDT\""), Is.EqualTo(1));
        Assert.That(after.Value("streamer_child_restarts_total", "role=\"worker\",symbol=\"BTCUSDT\""), Is.Zero);

        // The new ETHUSDT process counts from 0; the exposed counters carry on from the killed one's totals.
        Assert.That(after.Value("streamer_stream_messages_total", Worker("ETHUSDT", "aggtrade")),
            Is.GreaterThanOrEqualTo(beforeKill.Value("streamer_stream_messages_total", Worker("ETHUSDT", "aggtrade"))).And.GreaterThan(0));
        Assert.That(after.Value("streamer_stream_rows_total", Worker("ETHUSDT", "aggtrade")),
            Is.GreaterThanOrEqualTo(beforeKill.Value("streamer_stream_rows_total", Worker("ETHUSDT", "aggtrade"))));
        Assert.That(after.Lines, Has.Some.StartsWith("process_cpu_seconds_total "), "the supervisor's process metrics (prometheus-net)");

        await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The run uses <c>metrics.listen: 127.0.0.1:0</c>; the supervisor logs the port it got.</summary>
    private static async Task<Uri> MetricsAddressAsync(Recording run)
    {
        Uri? address = null;
        await Eventually.UntilAsync(() =>
        {
            var match = run.Streamer.StdErr.Select(l => MetricsLine().Match(l)).FirstOrDefault(m => m.Success);
            address = match is null ? null : new Uri(match.Groups[1].Value);
            return address is not null;
        }, TimeSpan.FromSeconds(30), "the 'metrics on http://...' log line", () => run.Streamer.Output);
        return address!;
    }

    /// <summary>Polls /health much faster than the restart delay so the short unhealthy window is seen.</summary>
    private static async Task WatchForUnhealthyAsync(HttpClient http, ConcurrentQueue<string> unhealthy, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var (status, body) = await HealthAsync(http);
                if (status == HttpStatusCode.ServiceUnavailable)
                {
                    unhealthy.Enqueue(body);
                }

                await Task.Delay(20, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> HealthAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<Scrape> ScrapeAsync(HttpClient http) =>
        new(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

    private static string Worker(string symbol, string stream) => $"role=\"worker\",symbol=\"{symbol}\",stream=\"{stream}\"";

    [GeneratedRegex(@"metrics on (https?://\S+/)metrics")]
    private static partial Regex MetricsLine();

    /// <summary>One /metrics answer.</summary>
    private sealed class Scrape(string text)
    {
        public string[] Lines { get; } = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        /// <summary>The sample of <paramref name="name"/> whose label set is exactly <paramref name="labels"/> (0 when absent).</summary>
        public double Value(string name, string labels)
        {
            var prefix = labels.Length == 0 ? name + " " : name + "{" + labels + "} ";
            var line = Lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
        }
    }
}

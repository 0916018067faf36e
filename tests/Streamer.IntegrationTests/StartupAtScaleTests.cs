using System.Net.Http.Json;
using System.Text.Json;
using NUnit.Framework;
using Streamer.IntegrationTests.Infrastructure;
using Streamer.Simulator;

namespace Streamer.IntegrationTests;

/// <summary>Issue 4: fifty workers starting at once share the REST weight budget and never earn a 429.</summary>
[NonParallelizable]
public class StartupAtScaleTests
{
    [Test, CancelAfter(240_000)]
    public async Task FiftySymbols_StartWithoutASingle429(CancellationToken ct)
    {
        var symbols = await ListedSymbolsAsync(50, ct);
        await using var run = await Recording.StartAsync(symbols, o => o with { DefaultEventsPerSecond = 2, BurstMultiplier = 1 },
            streams: "[aggtrade, depth]", ct: ct);

        await Eventually.UntilAsync(
            () => symbols.All(s => Recorded.RowCount(run.DataDir, s, "depth_snapshot") > 0 && Recorded.RowCount(run.DataDir, s, "depth") > 0),
            TimeSpan.FromSeconds(200), "a depth snapshot and depth rows for all 50 symbols",
            () => $"missing: {string.Join(' ', symbols.Where(s => Recorded.RowCount(run.DataDir, s, "depth") == 0))}\n{run.Streamer.Output}");

        var stats = run.Exchange.GetStats();
        Assert.That(stats.RateLimitedRequests, Is.Zero, "429 answers");
        Assert.That(stats.BannedRequests, Is.Zero, "418 answers");
    }

    private static async Task<string[]> ListedSymbolsAsync(int count, CancellationToken ct)
    {
        await using var probe = await SimulatedExchange.StartAsync(new SimulatorOptions(), ct);
        using var http = new HttpClient { BaseAddress = probe.RestBaseUrl };
        var info = await http.GetFromJsonAsync<JsonElement>("/fapi/v1/exchangeInfo", ct);
        return [.. info.GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("symbol").GetString()!).Take(count)];
    }
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using NUnit.Framework;
using Streamer.IntegrationTests.Infrastructure;

namespace Streamer.IntegrationTests;

/// <summary>Issue 6: every orderbook row equals the exchange's true book at that update id.</summary>
[NonParallelizable]
public class OrderBookEndToEndTests
{
    private const int Depth = 5;

    [Test, CancelAfter(150_000)]
    public async Task EveryOrderBookRow_MatchesTheTrueBook_AndAGapResyncs(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(
            ["BTCUSDT"],
            o => o with { DefaultEventsPerSecond = 30 },
            streams: "[depth]",
            extraConfig: $"orderbook:\n  enabled: true\n  depth: {Depth}\n  interval: 200ms\n",
            ct: ct);

        // The true book: a 1000-level snapshot taken now, then every book change the simulator generates.
        using var http = new HttpClient { BaseAddress = run.Exchange.RestBaseUrl };
        var snapshot = await http.GetFromJsonAsync<JsonElement>("/fapi/v1/depth?symbol=BTCUSDT&limit=1000", ct);

        await Eventually.UntilAsync(() => Recorded.RowCount(run.DataDir, "BTCUSDT", "orderbook") >= 10, TimeSpan.FromSeconds(60),
            "10 orderbook rows", () => run.Streamer.Output);
        run.Exchange.InjectDepthGap("BTCUSDT");
        await Eventually.UntilAsync(() => run.Events("BTCUSDT").Any(e => e[1] == "orderbook" && e[2] == "resync"), TimeSpan.FromSeconds(30),
            "an orderbook resync row in events", () => run.Streamer.Output);
        var rowsAtGap = Recorded.RowCount(run.DataDir, "BTCUSDT", "orderbook");
        await Eventually.UntilAsync(() => Recorded.RowCount(run.DataDir, "BTCUSDT", "orderbook") >= rowsAtGap + 10, TimeSpan.FromSeconds(60),
            "orderbook rows after the resync", () => run.Streamer.Output);
        await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(30));

        // Every book change in order: the @0ms stream plus its withheld (gap) event, which still
        // changed the real book. Withheld events are wrapped with their stream name.
        var truth = Truth.Read(run.TruthDir, "BTCUSDT", "depth@0ms")
            .Concat(Truth.Read(run.TruthDir, "BTCUSDT", "depth-withheld")
                .Where(w => w.Str("stream").EndsWith("@depth@0ms", StringComparison.Ordinal)).Select(w => w.GetProperty("data")))
            .OrderBy(e => e.Long("u")).ToList();
        var rows = Recorded.Rows(run.DataDir, "BTCUSDT", "orderbook");
        Assert.That(rows, Has.Count.GreaterThanOrEqualTo(20));

        var book = new TrueBook(snapshot);
        var next = 0;
        var checkedRows = 0;
        foreach (var row in rows)
        {
            var updateId = long.Parse(row[1], CultureInfo.InvariantCulture);
            while (next < truth.Count && truth[next].Long("u") <= updateId)
            {
                book.Apply(truth[next++]);
            }

            if (updateId < snapshot.Long("lastUpdateId"))
            {
                continue; // rows from before our reference snapshot cannot be checked
            }

            Assert.That(row.Skip(3), Is.EqualTo(book.TopRow(Depth)), $"orderbook row #{checkedRows} at update id {updateId} (snapshot {snapshot.Long("lastUpdateId")}, {rowsAtGap} rows before the gap, first truth u {truth[0].Long("u")})");
            checkedRows++;
        }

        Assert.That(checkedRows, Is.GreaterThanOrEqualTo(20), "rows compared with the true book");
    }
}

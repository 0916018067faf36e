using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using NUnit.Framework;
using Streamer.IntegrationTests.Infrastructure;
using Streamer.Simulator;

namespace Streamer.IntegrationTests;

/// <summary>
/// Issue 21 step 2: Binance COIN-M and spot recorded by the real executable next to USD-M's BTCUSDT, through connection
/// drops and a book gap on each market: no missing or duplicate trade id, every orderbook row equal to the true book,
/// each market's files in its own folder, and <c>streamer verify</c> content with all of it.
/// </summary>
[NonParallelizable]
public class MarketsEndToEndTests
{
    private const int Depth = 5;

    private static readonly (SimMarket Market, string Exchange, string Symbol, string DepthPath)[] Markets =
    [
        (SimMarket.CoinM, "binance-cm", "BTCUSD_PERP", "/dapi/v1/depth"),
        (SimMarket.Spot, "binance-spot", "BTCUSDT", "/api/v3/depth"),
    ];

    [Test, CancelAfter(180_000)]
    public async Task CoinMAndSpot_AreRecordedGaplessThroughDropsAndAGap_AndEveryBookRowIsTheTrueBook(CancellationToken ct)
    {
        await using var run = await Recording.StartAsync(
            ["BTCUSDT"],
            o => o with { DefaultEventsPerSecond = 30, CoinMSymbols = ["BTCUSD_PERP"], SpotSymbols = ["BTCUSDT"] },
            streams: "[aggtrade, depth, bookticker]",
            extraConfig: $"orderbook:\n  enabled: true\n  depth: {Depth}\n  interval: 200ms\n",
            otherMarketSymbols: Markets.Select(m => $"{{symbol: {m.Symbol}, exchange: {m.Exchange}}}"),
            ct: ct);

        using var http = new HttpClient { BaseAddress = run.Exchange.RestBaseUrl };
        var snapshots = new Dictionary<SimMarket, JsonElement>();
        foreach (var m in Markets)
        {
            snapshots[m.Market] = await http.GetFromJsonAsync<JsonElement>($"{m.DepthPath}?symbol={m.Symbol}&limit=1000", ct);
        }

        foreach (var m in Markets)
        {
            var root = Root(run, m.Exchange);
            await Eventually.UntilAsync(() => Recorded.RowCount(root, m.Symbol, "orderbook") >= 5 && Recorded.RowCount(root, m.Symbol, "aggtrade") >= 5,
                TimeSpan.FromSeconds(60), $"{m.Exchange}: orderbook and trade rows", () => run.Streamer.Output);
            run.Exchange.InjectDepthGap(m.Symbol, m.Market);
        }

        foreach (var m in Markets)
        {
            var root = Root(run, m.Exchange);
            await Eventually.UntilAsync(() => Recorded.Rows(root, m.Symbol, "events").Any(e => e[1] == "depth" && e[2] == "gap")
                    && Recorded.Rows(root, m.Symbol, "events").Any(e => e[1] == "orderbook" && e[2] == "resync"),
                TimeSpan.FromSeconds(60), $"{m.Exchange}: the depth gap and an orderbook resync in events", () => run.Streamer.Output);
            var trades = Recorded.RowCount(root, m.Symbol, "aggtrade");
            Assert.That(run.Exchange.DropConnections(symbol: m.Symbol, market: m.Market), Is.GreaterThan(0), $"{m.Exchange}: connections to drop");
            var rows = Recorded.RowCount(root, m.Symbol, "orderbook");
            await Eventually.UntilAsync(() => Recorded.RowCount(root, m.Symbol, "orderbook") >= rows + 5 && Recorded.RowCount(root, m.Symbol, "aggtrade") >= trades + 5,
                TimeSpan.FromSeconds(60), $"{m.Exchange}: orderbook and trade rows after the reconnect", () => run.Streamer.Output);
        }

        run.Exchange.Pause();
        foreach (var m in Markets)
        {
            var root = Root(run, m.Exchange);
            var truthDir = TruthDir(run, m.Market, m.Symbol);
            var lastTrade = GroundTruthCheck.LastAggTradeId(truthDir, m.Symbol);
            await Eventually.UntilAsync(() => Recorded.Rows(root, m.Symbol, "aggtrade").Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max() >= lastTrade,
                TimeSpan.FromSeconds(60), $"{m.Exchange}: the last generated trade {lastTrade} on disk", () => run.Streamer.Output);
        }

        await run.PauseDrainAndStopAsync(TimeSpan.FromSeconds(60));

        foreach (var m in Markets)
        {
            var root = Root(run, m.Exchange);
            var truthDir = TruthDir(run, m.Market, m.Symbol);
            GroundTruthCheck.AggTradesComplete(root, truthDir, m.Symbol);
            Assert.That(Recorded.Rows(root, m.Symbol, "events").Count(e => e[1] == "depth" && e[2] == "gap"), Is.GreaterThanOrEqualTo(1),
                $"{m.Exchange}: the depth gap is in events");
            Assert.That(Recorded.Rows(root, m.Symbol, "depth_snapshot").Select(r => r[0]).Distinct().Count(), Is.GreaterThanOrEqualTo(2),
                $"{m.Exchange}: a new snapshot after the gap");
            if (m.Market == SimMarket.Spot)
            {
                var depth = Recorded.Rows(root, m.Symbol, "depth");
                Assert.That(depth.All(r => r[1] == "" && r[4] == ""), Is.True, "spot sends no T and no pu: those columns stay empty");
                Assert.That(Recorded.Rows(root, m.Symbol, "bookticker").All(r => r[5] == "" && r[6] == ""), Is.True, "spot bookTicker carries no times");
            }

            CheckBookRows(root, truthDir, m.Symbol, snapshots[m.Market], m.Exchange);
        }

        Assert.That(Directory.Exists(Path.Combine(run.DataDir, "binance-spot", "BTCUSDT")) && Directory.Exists(Path.Combine(run.DataDir, "BTCUSDT")), Is.True,
            "BTCUSDT of spot and of USD-M are two recordings");
        Assert.That(Recorded.RowCount(run.DataDir, "BTCUSDT", "aggtrade"), Is.GreaterThan(0));

        var (code, stdout, stderr) = await StreamerProcess.RunAsync(run.Workspace.Root, TimeSpan.FromSeconds(60), "verify", "-c", run.Workspace.ConfigPath,
            "binance-cm/BTCUSD_PERP", "binance-spot/BTCUSDT");
        Assert.That(code, Is.EqualTo(0), stdout + stderr);
    }

    /// <summary>Every orderbook row at or after the test's snapshot equals the book that snapshot plus every change gives.</summary>
    private static void CheckBookRows(string root, string truthDir, string symbol, JsonElement snapshot, string exchange)
    {
        var truth = Truth.Read(truthDir, symbol, "depth@0ms").OrderBy(e => e.Long("u")).ToList();
        var book = new TrueBook(snapshot);
        var next = 0;
        var checkedRows = 0;
        foreach (var row in Recorded.Rows(root, symbol, "orderbook"))
        {
            var updateId = long.Parse(row[1], CultureInfo.InvariantCulture);
            while (next < truth.Count && truth[next].Long("u") <= updateId)
            {
                book.Apply(truth[next++]);
            }

            if (updateId < snapshot.Long("lastUpdateId"))
            {
                continue;
            }

            Assert.That(row.Skip(3), Is.EqualTo(book.TopRow(Depth)), $"{exchange}: orderbook row #{checkedRows} at update id {updateId}");
            checkedRows++;
        }

        Assert.That(checkedRows, Is.GreaterThanOrEqualTo(10), $"{exchange}: rows compared with the true book");
    }

    private static string Root(Recording run, string exchange) => Path.Combine(run.DataDir, exchange);

    private static string TruthDir(Recording run, SimMarket market, string symbol) => Path.GetDirectoryName(run.Exchange.TruthFolder(symbol, market)!)!;
}

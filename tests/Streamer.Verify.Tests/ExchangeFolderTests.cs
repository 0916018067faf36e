using System.Globalization;
using System.Text.Json;
using NUnit.Framework;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;
using Streamer.Verify.Holes;
using Streamer.Verify.Running;

namespace Streamer.Verify.Tests;

/// <summary>
/// <c>streamer verify</c> over the folders of other markets (<c>{data_dir}/{exchange}/{SYMBOL}</c>): keys on the command
/// line and in the report, each market's depth rule, the columns a market does not send written empty.
/// </summary>
public class ExchangeFolderTests
{
    private const string SpotKey = "binance-spot/BTCUSDT";
    private const string CoinMKey = "binance-cm/BTCUSD_PERP";

    /// <summary>Spot depthUpdates (U, u): empty transact_time and prev_final_update_id, one level each.</summary>
    private static IEnumerable<string> SpotDepth(DateOnly day, params (long U, long u)[] updates) =>
        updates.Select((x, i) =>
        {
            var t = Recording.Ms(day, 10 + i);
            return string.Create(CultureInfo.InvariantCulture, $"{t},,{x.U},{x.u},,bid,65000.10,1.5,{(t + 2) * 1000}");
        });

    /// <summary>Consecutive spot updates after <paramref name="after"/>: U = previous u + 1.</summary>
    private static (long, long)[] SpotChain(long after, int count) =>
        [.. Enumerable.Range(0, count).Select(i => (after + 1 + (i * 4), after + 4 + (i * 4)))];

    /// <summary>A spot REST snapshot: no event_time, no transact_time.</summary>
    private static IEnumerable<string> SpotSnapshot(DateOnly day, long lastUpdateId, double second = 5) =>
        new[] { "bid", "ask" }.Select((side, l) => string.Create(CultureInfo.InvariantCulture,
            $"{lastUpdateId},,,{side},{64000 + l}.5,2.25,{Recording.Ms(day, second) * 1000 + 77}"));

    private static JsonElement DayOf(JsonElement report, string symbol, string stream, DateOnly day) =>
        report.GetProperty("days").EnumerateArray().Single(d =>
            d.GetProperty("symbol").GetString() == symbol && d.GetProperty("stream").GetString() == stream
            && d.GetProperty("day").GetString() == day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    [Test]
    public async Task SpotFolder_WithEmptyUnsentColumns_AndConsecutiveIds_Passes_UnderItsKey()
    {
        using var data = new Recording();
        var day = Recording.Day1;
        data.Write(StreamCatalog.DepthSnapshot, day, SpotSnapshot(day, 100), exchange: ExchangeIds.BinanceSpot);
        data.Write(StreamCatalog.Depth, day, SpotDepth(day, [(90, 100), .. SpotChain(100, 6)]), exchange: ExchangeIds.BinanceSpot);
        // Spot bookTicker has no T and no E: the row's day is its local receive time.
        var local = Recording.Ms(day, 30) * 1000;
        data.Write(StreamCatalog.BookTicker, day, [$"400,65000.1,1,65000.2,2,,,{local}", $"401,65000.1,1,65000.3,2,,,{local + 5}"], exchange: ExchangeIds.BinanceSpot);

        var (code, report) = await VerifyRun.JsonAsync(data.Path, SpotKey);

        Assert.That(code, Is.Zero, report.ToString());
        var depth = DayOf(report, SpotKey, "depth", day);
        Assert.That(depth.GetProperty("updates").GetInt64(), Is.EqualTo(7));
        Assert.That(depth.GetProperty("breaks_total").GetInt64(), Is.Zero);
        Assert.That(depth.GetProperty("malformed_rows").GetInt64(), Is.Zero);
        Assert.That(DayOf(report, SpotKey, "depth_snapshot", day).GetProperty("malformed_rows").GetInt64(), Is.Zero);
        var ticker = DayOf(report, SpotKey, "bookticker", day);
        Assert.That(ticker.GetProperty("rows").GetInt64(), Is.EqualTo(2));
        Assert.That(ticker.GetProperty("malformed_rows").GetInt64(), Is.Zero);
        Assert.That(ticker.GetProperty("status").GetString(), Is.EqualTo("ok"), "placed by local_time_us, inside its day");
    }

    [Test]
    public async Task SpotBookTickerRow_PlacedByLocalTime_InTheWrongDay_IsFlagged_AndOneWithNoTimeIsMalformed()
    {
        using var data = new Recording();
        var local = Recording.Ms(Recording.Day2, 30) * 1000;
        data.Write(StreamCatalog.BookTicker, Recording.Day1, [$"400,65000.1,1,65000.2,2,,,{local}", "401,65000.1,1,65000.3,2,,,"], exchange: ExchangeIds.BinanceSpot);

        var run = await VerifyRun.StartAsync(data.Path, SpotKey);

        Assert.That(run.Output, Does.Contain("not in this file's day"));
        Assert.That(run.Output, Does.Contain("event_time and local_time_us are both empty"));
        Assert.That(run.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public async Task SpotGap_UAbovePreviousUPlusOne_IsReported_AndFails()
    {
        using var data = new Recording();
        var day = Recording.Day1;
        var before = SpotChain(100, 3); // ... u = 112
        var after = SpotChain(115, 3); // U = 116: 113..115 lost
        data.Write(StreamCatalog.DepthSnapshot, day, SpotSnapshot(day, 100), exchange: ExchangeIds.BinanceSpot);
        data.Write(StreamCatalog.Depth, day, SpotDepth(day, [.. before, .. after]), exchange: ExchangeIds.BinanceSpot);

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        Assert.That(code, Is.EqualTo(1));
        var depth = DayOf(report, SpotKey, "depth", day);
        Assert.That(depth.GetProperty("breaks_unresolved").GetInt64(), Is.EqualTo(1));
        var gap = depth.GetProperty("breaks")[0];
        Assert.That((gap.GetProperty("previous_u").GetInt64(), gap.GetProperty("U").GetInt64()), Is.EqualTo((112L, 116L)));
        Assert.That(gap.GetProperty("pu").ValueKind, Is.EqualTo(JsonValueKind.Null), "spot sends no pu");

        var text = await VerifyRun.StartAsync(data.Path, SpotKey);
        Assert.That(text.Output, Does.Contain("update 116..119").And.Contain("does not follow u 112 (U must be u + 1)"));
        Assert.That(text.Output, Does.Contain(SpotKey));
    }

    [Test]
    public async Task SpotGap_FollowedByASnapshotHoldingTheLostUpdates_IsResynced()
    {
        using var data = new Recording();
        var day = Recording.Day1;
        var before = SpotChain(100, 3);
        var after = SpotChain(115, 3);
        // L = 115 = U - 1 holds 113..115; the next diff starts at L + 1, as spot requires.
        data.Write(StreamCatalog.DepthSnapshot, day, [.. SpotSnapshot(day, 100), .. SpotSnapshot(day, 115, second: 30)], exchange: ExchangeIds.BinanceSpot);
        data.Write(StreamCatalog.Depth, day, SpotDepth(day, [.. before, .. after]), exchange: ExchangeIds.BinanceSpot);

        var (code, report) = await VerifyRun.JsonAsync(data.Path, SpotKey);

        Assert.That(code, Is.Zero, report.ToString());
        var depth = DayOf(report, SpotKey, "depth", day);
        Assert.That(depth.GetProperty("breaks_resynced").GetInt64(), Is.EqualTo(1));
        Assert.That(depth.GetProperty("breaks")[0].GetProperty("snapshot_last_update_id").GetInt64(), Is.EqualTo(115));
    }

    [Test]
    public async Task SpotSnapshotBelowTheLastLostUpdate_DoesNotResync()
    {
        using var data = new Recording();
        var day = Recording.Day1;
        data.Write(StreamCatalog.DepthSnapshot, day, SpotSnapshot(day, 114, second: 30), exchange: ExchangeIds.BinanceSpot);
        data.Write(StreamCatalog.Depth, day, SpotDepth(day, [.. SpotChain(100, 3), .. SpotChain(115, 3)]), exchange: ExchangeIds.BinanceSpot);

        var run = await VerifyRun.StartAsync(data.Path, SpotKey);

        Assert.That(run.ExitCode, Is.EqualTo(1), "114 misses update 115");
        Assert.That(run.Output, Does.Contain("no later depth_snapshot restarts the chain"));
    }

    [Test]
    public async Task CoinMSymbolWithAnUnderscore_IsVerifiedByThePuChain()
    {
        using var data = new Recording();
        var day = Recording.Day1;
        var t = Recording.Ms(day, 20);
        data.Write(StreamCatalog.DepthSnapshot, day, Recording.Snapshot(day, 100), symbol: "BTCUSD_PERP", exchange: ExchangeIds.BinanceCoinM);
        // Futures ids jump (U != previous u + 1): fine, pu chains them.
        data.Write(StreamCatalog.Depth, day, Recording.Depth(day, Recording.Chain(95, 5)), symbol: "BTCUSD_PERP", exchange: ExchangeIds.BinanceCoinM);
        // COIN-M markPrice may have no index price.
        data.Write(StreamCatalog.MarkPrice, day, [$"{t},65000.1,,65000.0,0.0001,{t + 3_600_000},{t * 1000 + 5}"], symbol: "BTCUSD_PERP", exchange: ExchangeIds.BinanceCoinM);

        var (code, report) = await VerifyRun.JsonAsync(data.Path, CoinMKey);

        Assert.That(code, Is.Zero, report.ToString());
        Assert.That(DayOf(report, CoinMKey, "depth", day).GetProperty("updates").GetInt64(), Is.EqualTo(5));
        Assert.That(DayOf(report, CoinMKey, "markprice", day).GetProperty("malformed_rows").GetInt64(), Is.Zero);
        Assert.That(DayOf(report, CoinMKey, "depth", day).GetProperty("files")[0].GetString(),
            Is.EqualTo(Path.Combine("binance-cm", "BTCUSD_PERP", StreamCatalog.FileName(StreamCatalog.Depth, "BTCUSD_PERP", day))));
    }

    [Test]
    public async Task CoinM_PuBreak_Fails_AndEmptyPuIsMalformed_AsOnUsdM()
    {
        using var data = new Recording();
        var day = Recording.Day1;
        var before = Recording.Chain(95, 3);
        var after = Recording.Chain(before[^1].Item2 + 50, 3);
        data.Write(StreamCatalog.Depth, day, Recording.Depth(day, [.. before, .. after]), symbol: "BTCUSD_PERP", exchange: ExchangeIds.BinanceCoinM);
        var t = Recording.Ms(day, 50);
        data.Write(StreamCatalog.Depth, Recording.Day2, [$"{Recording.Ms(Recording.Day2, 1)},,500,510,,bid,1.0,1.0,{t * 1000}"], symbol: "BTCUSD_PERP", exchange: ExchangeIds.BinanceCoinM);

        var (code, report) = await VerifyRun.JsonAsync(data.Path, CoinMKey);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(DayOf(report, CoinMKey, "depth", day).GetProperty("breaks_total").GetInt64(), Is.EqualTo(1), "pu jumps: a break (awaiting a snapshot, Day2 being live)");
        Assert.That(DayOf(report, CoinMKey, "depth", Recording.Day2).GetProperty("malformed_rows").GetInt64(), Is.EqualTo(1), "futures always send T and pu");
    }

    [Test]
    public async Task UsdM_KeepsItsRules_AndABareSymbolSelectsOnlyUsdM()
    {
        using var data = new Recording();
        var day = Recording.Day1;
        data.Write(StreamCatalog.Depth, day, Recording.Depth(day, Recording.Chain(95, 3)));
        // The same spot rows that pass in the spot folder are malformed in the USD-M folder.
        data.Write(StreamCatalog.Depth, Recording.Day2, SpotDepth(Recording.Day2, SpotChain(100, 2)));
        data.Write(StreamCatalog.Depth, day, SpotDepth(day, SpotChain(100, 3)), exchange: ExchangeIds.BinanceSpot);

        var (code, report) = await VerifyRun.JsonAsync(data.Path, "btcusdt");

        Assert.That(code, Is.EqualTo(1));
        var symbols = report.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("symbol").GetString()).Distinct();
        Assert.That(symbols, Is.EqualTo(new[] { "BTCUSDT" }), "BTCUSDT is USD-M's key; the spot folder is another symbol");
        Assert.That(DayOf(report, "BTCUSDT", "depth", day).GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(DayOf(report, "BTCUSDT", "depth", Recording.Day2).GetProperty("malformed_rows").GetInt64(), Is.EqualTo(2));

        var (_, all) = await VerifyRun.JsonAsync(data.Path);
        Assert.That(all.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("symbol").GetString()).Distinct(),
            Is.EqualTo(new[] { "BTCUSDT", SpotKey }), "without arguments every exchange's folders are read; the exchange folder is no USD-M symbol");
        Assert.That(all.GetProperty("ignored_files").GetArrayLength(), Is.Zero);
    }

    [TestCase("BINANCE-SPOT/btcusdt", 0)]
    [TestCase("binance-um/BTCUSDT", 0)]
    [TestCase("kraken/BTCUSDT", 2)]
    [TestCase("binance-spot/", 2)]
    public async Task KeysOnTheCommandLine_AreNormalised_OrRefused(string key, int expected)
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 100, 3));
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 100, 3), exchange: ExchangeIds.BinanceSpot);

        var run = await VerifyRun.StartAsync(data.Path, key);

        Assert.That(run.ExitCode, Is.EqualTo(expected), run.Output + run.Error);
        if (expected == 2)
        {
            Assert.That(run.Error, Does.Contain(key));
        }
    }

    [Test]
    public async Task MissingSymbol_IsNamedByItsKey()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 100, 3));

        var (code, report) = await VerifyRun.JsonAsync(data.Path, "BTCUSDT", "binance-spot/ETHUSDT");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(report.GetProperty("missing_symbols").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "binance-spot/ETHUSDT" }));
    }

    [Test]
    public async Task MissingDays_OfVerifyListKeys_ButTheHistoryApiStaysOnUsdM()
    {
        using var data = new Recording();
        foreach (var day in new[] { Recording.Day1, Recording.Day1.AddDays(2) })
        {
            data.Write(StreamCatalog.AggTrade, day, Recording.AggTrades(day, 100, 3), exchange: ExchangeIds.BinanceSpot);
        }

        var run = await VerifyRun.StartAsync(data.Path, "--missing-days");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain(SpotKey + "  aggtrade  2026-05-02"));

        Assert.That(RecordingHoles.MissingDays(data.Path, []), Is.Empty, "history fill repairs from USD-M dumps: another market's folders are not its business");
        var holes = await RecordingHoles.FindIdHolesAsync(data.Path, [], [StreamCatalog.AggTrade], new FixedTime(VerifyRun.Now), CancellationToken.None);
        Assert.That(holes.Holes, Is.Empty);
    }

    [TestCase("worker:BTCUSDT", "BTCUSDT", "BTCUSDT")]
    [TestCase("worker:binance-spot/BTCUSDT", "BTCUSDT", SpotKey)]
    [TestCase("orderbook:binance-cm/BTCUSD_PERP", "BTCUSD_PERP", CoinMKey)]
    [TestCase("worker:group-1", "ETHUSDT", "ETHUSDT")]
    public void JournalKey_IsTheSourcesKey_OrTheHellosSymbol(string source, string symbol, string key) =>
        Assert.That(Verifier.JournalKey(source, symbol), Is.EqualTo(key));
}

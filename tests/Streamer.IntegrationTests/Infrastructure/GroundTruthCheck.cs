using System.Globalization;
using System.Text.Json;
using NUnit.Framework;

namespace Streamer.IntegrationTests.Infrastructure;

/// <summary>Compares recorded CSV rows with the simulator's ground truth, field by field and byte for byte.</summary>
internal static class GroundTruthCheck
{
    /// <summary>
    /// Every aggTrade from the first recorded id to the last one the simulator generated is recorded
    /// exactly once, in id order, with the exchange's strings verbatim.
    /// </summary>
    public static void AggTradesComplete(string dataDir, string truthDir, string symbol, bool throughLastGenerated = true)
    {
        var truth = Truth.Read(truthDir, symbol, "aggTrade").ToDictionary(t => t.Long("a"));
        var rows = Recorded.Rows(dataDir, symbol, "aggtrade");
        Assert.That(rows, Is.Not.Empty, $"{symbol}: no aggtrade rows");
        var ids = rows.Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)).ToList();
        var duplicates = ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).Take(10).ToList();
        Assert.That(duplicates, Is.Empty, $"{symbol}: duplicate aggTrade ids");
        for (var i = 1; i < ids.Count; i++)
        {
            Assert.That(ids[i], Is.EqualTo(ids[i - 1] + 1), $"{symbol}: aggTrade id gap or disorder after {ids[i - 1]}");
        }

        if (throughLastGenerated)
        {
            Assert.That(ids[^1], Is.EqualTo(truth.Keys.Max()), $"{symbol}: the last generated aggTrade is not recorded");
        }

        foreach (var row in rows)
        {
            Assert.That(row, Has.Length.EqualTo(9), $"{symbol}: aggtrade row width");
            var t = truth[long.Parse(row[0], CultureInfo.InvariantCulture)];
            Assert.That(row[1..7], Is.EqualTo(new[] { t.Str("p"), t.Str("q"), t.Str("f"), t.Str("l"), t.Str("T"), t.Str("m") }),
                $"{symbol}: aggTrade {row[0]} differs from what the exchange sent");
            Assert.That(row[7], Is.EqualTo(t.Str("E")).Or.EqualTo(t.Str("T")), $"{symbol}: aggTrade {row[0]} event_time");
        }
    }

    /// <summary>
    /// Every depth event from the first recorded one to the last generated one is recorded, with all its
    /// levels, in order; <paramref name="truthStream"/> names the truth file of the subscribed speed.
    /// </summary>
    public static void DepthComplete(string dataDir, string truthDir, string symbol, string truthStream = "depth@100ms", bool throughLastGenerated = true)
    {
        var truth = Truth.Read(truthDir, symbol, truthStream);
        var rows = Recorded.Rows(dataDir, symbol, "depth");
        Assert.That(rows, Is.Not.Empty, $"{symbol}: no depth rows");

        // Group consecutive rows of one event (same final_update_id).
        var events = new List<(string[] First, List<string> Levels)>();
        foreach (var row in rows)
        {
            Assert.That(row, Has.Length.EqualTo(9), $"{symbol}: depth row width");
            if (events.Count == 0 || events[^1].First[3] != row[3])
            {
                events.Add((row, []));
            }

            if (row[5].Length > 0)
            {
                events[^1].Levels.Add($"{row[5]}:{row[6]}:{row[7]}");
            }
        }

        var firstU = long.Parse(events[0].First[3], CultureInfo.InvariantCulture);
        var start = truth.FindIndex(t => t.Long("u") == firstU);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"{symbol}: first recorded depth event u={firstU} is not in the truth");
        var expected = truth.Skip(start).Take(throughLastGenerated ? int.MaxValue : events.Count).ToList();
        Assert.That(events, Has.Count.EqualTo(expected.Count), $"{symbol}: depth events recorded vs generated since the first recorded");
        for (var i = 0; i < expected.Count; i++)
        {
            var t = expected[i];
            var (first, levels) = events[i];
            Assert.That(first[..5], Is.EqualTo(new[] { t.Str("E"), t.Str("T"), t.Str("U"), t.Str("u"), t.Str("pu") }),
                $"{symbol}: depth event #{i} header");
            var truthLevels = t.GetProperty("b").EnumerateArray().Select(l => $"bid:{l[0].GetString()}:{l[1].GetString()}")
                .Concat(t.GetProperty("a").EnumerateArray().Select(l => $"ask:{l[0].GetString()}:{l[1].GetString()}"));
            Assert.That(levels, Is.EqualTo(truthLevels), $"{symbol}: depth event u={t.Str("u")} levels");
        }
    }

    /// <summary>Every closed 1m candle the simulator generated after the first recorded one is recorded, verbatim.</summary>
    public static void ClosedKlinesComplete(string dataDir, string truthDir, string symbol)
    {
        var truth = Truth.Read(truthDir, symbol, "kline_1m").Select(t => t.GetProperty("k")).ToList();
        var rows = Recorded.Rows(dataDir, symbol, "kline_1m");
        Assert.That(rows, Is.Not.Empty, $"{symbol}: no kline rows");
        var firstOpen = rows[0][0];
        var expected = truth.SkipWhile(k => k.Str("t") != firstOpen).ToList();
        Assert.That(expected, Is.Not.Empty, $"{symbol}: first recorded candle {firstOpen} is not in the truth");
        Assert.That(rows.Select(r => r[0]), Is.EqualTo(expected.Select(k => k.Str("t"))), $"{symbol}: closed candles recorded");
        for (var i = 0; i < rows.Count; i++)
        {
            var k = expected[i];
            Assert.That(rows[i][..12], Is.EqualTo(new[]
            {
                k.Str("t"), k.Str("o"), k.Str("h"), k.Str("l"), k.Str("c"), k.Str("v"), k.Str("T"),
                k.Str("q"), k.Str("n"), k.Str("V"), k.Str("Q"), "true",
            }), $"{symbol}: candle {k.Str("t")}");
        }
    }

    /// <summary>Every file has exactly the header of its stream as first line.</summary>
    public static void HeadersAndNames(string dataDir, string symbol, string stream, string header)
    {
        var files = Recorded.Files(dataDir, symbol, stream);
        Assert.That(files, Is.Not.Empty, $"{symbol}: no {stream} file");
        foreach (var file in files)
        {
            Assert.That(Path.GetFileName(file), Does.Match($"^{stream}_{symbol}_20[0-9]{{6}}\\.csv$"));
            Assert.That(Recorded.ReadCompleteLines(file)[0], Is.EqualTo(header), $"{file}: header");
        }
    }

    /// <summary>Highest aggTrade id the simulator generated for a symbol (-1 if none).</summary>
    public static long LastAggTradeId(string truthDir, string symbol) =>
        Truth.Read(truthDir, symbol, "aggTrade").Select(t => t.Long("a")).DefaultIfEmpty(-1).Max();

}

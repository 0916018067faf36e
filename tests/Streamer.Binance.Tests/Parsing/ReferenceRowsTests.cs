using System.Globalization;
using System.Text;
using System.Text.Json;
using Streamer.Binance.Parsing;
using Streamer.Core.Csv;

namespace Streamer.Binance.Tests.Parsing;

/// <summary>
/// Every aggTrade, depthUpdate, bookTicker and markPriceUpdate of the real captures gives, byte for byte, the rows
/// of a slow and obvious reference (JsonDocument, one field at a time): the parser's fast paths change no CSV byte.
/// </summary>
public sealed class ReferenceRowsTests
{
    private const long Local = 1_723_161_255_030_314;

    private static readonly string[] Captures = ["btcusdt_20240808.gz", "ethusdt_20240808.gz"];

    [Test]
    public void CryptofeedCapture_EveryMessage_GivesTheReferenceRows() =>
        AssertSameRows(Fixtures.CryptofeedMessages("BINANCE_FUTURES.ws.1.0"), minimumMessages: 100);

    [TestCaseSource(nameof(Captures))]
    public void HftbacktestCapture_EveryMessage_GivesTheReferenceRows(string file) =>
        AssertSameRows(Fixtures.HftbacktestMessages("usdm/" + file), minimumMessages: 10_000);

    private static void AssertSameRows(IEnumerable<string> messages, int minimumMessages)
    {
        var parser = new BinanceMessageParser(symbol: null);
        var rows = new CsvRowBuilder();
        var compared = 0;
        foreach (var json in messages)
        {
            var expected = Reference(json);
            if (expected is null)
            {
                continue;
            }

            rows.Clear();
            var result = parser.Parse(Encoding.UTF8.GetBytes(json), Local, rows);
            Assert.That(result.Outcome, Is.EqualTo(ParseOutcome.Rows), json);
            Assert.That(Encoding.UTF8.GetString(rows.WrittenSpan), Is.EqualTo(expected), json);
            compared++;
        }

        Assert.That(compared, Is.GreaterThanOrEqualTo(minimumMessages));
    }

    /// <summary>The rows of one message per DESIGN section 3, or null for events this test does not cover.</summary>
    private static string? Reference(string json)
    {
        using var document = JsonDocument.Parse(json);
        var data = document.RootElement.TryGetProperty("data", out var inner) ? inner : document.RootElement;
        if (!data.TryGetProperty("e", out var e))
        {
            return null;
        }

        string L(string key) => data.GetProperty(key).GetInt64().ToString(CultureInfo.InvariantCulture);
        string S(string key) => data.GetProperty(key).GetString()!;
        var local = Local.ToString(CultureInfo.InvariantCulture);
        switch (e.GetString())
        {
            case "aggTrade":
                return string.Join(',', L("a"), S("p"), S("q"), L("f"), L("l"), L("T"), data.GetProperty("m").GetBoolean() ? "true" : "false", L("E"), local) + "\n";
            case "bookTicker":
                return string.Join(',', L("u"), S("b"), S("B"), S("a"), S("A"), L("T"), L("E"), local) + "\n";
            case "markPriceUpdate":
                return string.Join(',', L("E"), S("p"), S("i"), S("P"), S("r"), L("T"), local) + "\n";
            case "depthUpdate":
                var prefix = string.Join(',', L("E"), L("T"), L("U"), L("u"), L("pu"));
                var csv = new StringBuilder();
                foreach (var (key, side) in new[] { ("b", "bid"), ("a", "ask") })
                {
                    foreach (var level in data.GetProperty(key).EnumerateArray())
                    {
                        csv.Append(CultureInfo.InvariantCulture, $"{prefix},{side},{level[0].GetString()},{level[1].GetString()},{local}\n");
                    }
                }

                return csv.Length > 0 ? csv.ToString() : prefix + ",,,," + local + "\n";
            default:
                return null;
        }
    }
}

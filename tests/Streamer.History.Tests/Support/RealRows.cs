using System.Globalization;
using System.Text.Json;
using Streamer.IntegrationTests.Infrastructure;

namespace Streamer.History.Tests.Support;

/// <summary>
/// Real USD-M rows for building dumps: the aggTrade and closed kline_1m messages of the cryptofeed capture
/// (../shared/fixtures/binance/cryptofeed, SOURCES.md), written the way data.binance.vision writes them.
/// Other days are the same rows moved by whole days (times) and by 1000 per day (ids).
/// </summary>
internal static class RealRows
{
    public const string Symbol = "SUSHIUSDT";

    /// <summary>The capture's day.</summary>
    public static readonly DateOnly CaptureDay = new(2021, 7, 22);

    private static readonly Lazy<(List<string[]> Trades, List<string[]> Klines)> Captured = new(Load);

    /// <summary>aggTrades dump fields of <paramref name="day"/>: agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker.</summary>
    public static IReadOnlyList<string[]> AggTrades(DateOnly day, bool pythonBooleans = false)
    {
        var shift = day.DayNumber - CaptureDay.DayNumber;
        return [.. Captured.Value.Trades.Select(t => new[]
        {
            Add(t[0], shift * 1000L), t[1], t[2], Add(t[3], shift * 1000L), Add(t[4], shift * 1000L), Add(t[5], shift * 86_400_000L),
            pythonBooleans ? (t[6] == "true" ? "True" : "False") : t[6],
        })];
    }

    /// <summary>klines dump fields: open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore.</summary>
    public static IReadOnlyList<string[]> Klines(DateOnly day)
    {
        var shift = (day.DayNumber - CaptureDay.DayNumber) * 86_400_000L;
        return [.. Captured.Value.Klines.Select(k => k.Select((f, i) => i is 0 or 6 ? Add(f, shift) : f).ToArray())];
    }

    private static string Add(string number, long delta) => (long.Parse(number, CultureInfo.InvariantCulture) + delta).ToString(CultureInfo.InvariantCulture);

    private static (List<string[]> Trades, List<string[]> Klines) Load()
    {
        var trades = new List<string[]>();
        var klines = new List<string[]>();
        foreach (var line in File.ReadLines(Path.Combine(TestPaths.Fixtures, "cryptofeed", "BINANCE_FUTURES.ws.1.0")).Skip(1))
        {
            var json = line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..];
            using var doc = JsonDocument.Parse(json);
            var data = doc.RootElement.GetProperty("data");
            if (data.GetProperty("s").GetString() != Symbol)
            {
                continue;
            }

            switch (data.GetProperty("e").GetString())
            {
                case "aggTrade":
                    trades.Add([Raw(data, "a"), Raw(data, "p"), Raw(data, "q"), Raw(data, "f"), Raw(data, "l"), Raw(data, "T"), Raw(data, "m")]);
                    break;
                case "kline" when data.GetProperty("k").GetProperty("x").GetBoolean():
                    var k = data.GetProperty("k");
                    klines.Add([Raw(k, "t"), Raw(k, "o"), Raw(k, "h"), Raw(k, "l"), Raw(k, "c"), Raw(k, "v"), Raw(k, "T"), Raw(k, "q"), Raw(k, "n"), Raw(k, "V"), Raw(k, "Q"), Raw(k, "B")]);
                    break;
            }
        }

        return (trades, klines);
    }

    private static string Raw(JsonElement e, string name)
    {
        var value = e.GetProperty(name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }
}

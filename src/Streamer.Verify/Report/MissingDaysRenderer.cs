using System.Globalization;
using System.Text;
using System.Text.Json;
using Streamer.Verify.Holes;

namespace Streamer.Verify.Report;

/// <summary>
/// <c>streamer verify --missing-days</c>: one line per symbol, stream and run of consecutive missing days
/// (<c>BTCUSDT  aggtrade  2026-03-05..2026-03-07  3 days</c>), then a summary; or JSON for scripts.
/// </summary>
internal static class MissingDaysRenderer
{
    public static async Task WriteAsync(IReadOnlyList<MissingDay> missing, bool json, TextWriter output, CancellationToken ct)
    {
        var text = json ? Json(missing) : Table(missing);
        await output.WriteAsync(text.AsMemory(), ct).ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
    }

    private static string Table(IReadOnlyList<MissingDay> missing)
    {
        var sb = new StringBuilder();
        var runs = Runs(missing);
        var symbolWidth = runs.Select(r => r.First.Symbol.Length).DefaultIfEmpty(6).Max();
        var streamWidth = runs.Select(r => r.First.Stream.ConfigName.Length).DefaultIfEmpty(6).Max();
        var daysWidth = runs.Any(r => r.Count > 1) ? 22 : 10;
        foreach (var (first, last, count) in runs)
        {
            var days = count == 1 ? Day(first.Day) : $"{Day(first.Day)}..{Day(last.Day)}";
            sb.Append(CultureInfo.InvariantCulture, $"{first.Symbol.PadRight(symbolWidth)}  {first.Stream.ConfigName.PadRight(streamWidth)}  {days.PadRight(daysWidth)}  {count} day{(count == 1 ? "" : "s")}\n");
        }

        sb.Append(missing.Count == 0
            ? "verify: no missing days (every stream has a file for each day between its first and last recorded day)\n"
            : string.Create(CultureInfo.InvariantCulture, $"verify: {missing.Count} missing day(s) in {missing.Select(m => m.Symbol).Distinct().Count()} symbol(s); `streamer history fill` fetches aggtrade, kline_1m and bookticker days from Binance's dumps\n"));
        return sb.ToString();
    }

    private static string Json(IReadOnlyList<MissingDay> missing)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("missing_days_total", missing.Count);
            json.WriteStartArray("missing_days");
            foreach (var m in missing)
            {
                json.WriteStartObject();
                json.WriteString("symbol", m.Symbol);
                json.WriteString("stream", m.Stream.ConfigName);
                json.WriteString("day", Day(m.Day));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    /// <summary>Consecutive days of the same symbol and stream, as (first, last, count).</summary>
    private static List<(MissingDay First, MissingDay Last, int Count)> Runs(IReadOnlyList<MissingDay> missing)
    {
        var runs = new List<(MissingDay First, MissingDay Last, int Count)>();
        foreach (var m in missing)
        {
            if (runs.Count > 0 && runs[^1].Last is var last && last.Symbol == m.Symbol && last.Stream == m.Stream && last.Day.AddDays(1) == m.Day)
            {
                runs[^1] = (runs[^1].First, m, runs[^1].Count + 1);
            }
            else
            {
                runs.Add((m, m, 1));
            }
        }

        return runs;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

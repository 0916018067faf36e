using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Streamer.Core.Csv;
using Streamer.OrderBook.Csv;
using Streamer.OrderBook.Sync;

namespace Streamer.OrderBook.Tests;

/// <summary>
/// Replays a real capture the way the product sees it: each depth event and snapshot is formatted as the
/// CSV rows a worker sends, decoded by <see cref="DepthCsvDecoder"/>, and handed to a <see cref="BookSynchronizer"/>.
/// Every bookTicker whose <c>u</c> equals the last applied depth <c>u</c> is checked against the book's best
/// bid and ask, price and quantity.
/// </summary>
internal sealed class CaptureReplay
{
    private readonly DepthUpdate _parsed = new();
    private readonly DepthUpdate _decoded = new();
    private readonly BookSnapshot _parsedSnapshot = new();
    private readonly BookSnapshot _decodedSnapshot = new();
    private readonly CsvRowBuilder _rows = new(1 << 16);
    private readonly Dictionary<long, List<string>> _waiting = [];

    public BookSynchronizer Sync { get; } = new();

    public int Checks { get; private set; }

    public List<string> Mismatches { get; } = [];

    /// <summary>Depth events handed to the synchronizer.</summary>
    public int DepthEvents { get; private set; }

    /// <summary>Outcome of the latest depth event or snapshot.</summary>
    public SyncOutcome LastOutcome { get; private set; }

    /// <summary>Raw JSON texts of a gzip capture in file order (<c>&lt;local_ts&gt; &lt;json&gt;</c> lines).</summary>
    public static IEnumerable<string> ReadHftBacktest(params string[] paths)
    {
        foreach (var path in paths)
        {
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var reader = new StreamReader(gz);
            while (reader.ReadLine() is { } line)
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0)
                {
                    yield return line[(space + 1)..];
                }
            }
        }
    }

    public static bool IsDepth(string json) => json.Contains("@depth", StringComparison.Ordinal);

    /// <summary>Feeds one JSON text: a bare REST snapshot or a combined-stream envelope.</summary>
    public void Feed(string json)
    {
        if (json.Contains("lastUpdateId", StringComparison.Ordinal))
        {
            using var doc = JsonDocument.Parse(json);
            Snapshot(doc.RootElement);
        }
        else if (IsDepth(json) || json.Contains("@bookTicker", StringComparison.Ordinal))
        {
            using var doc = JsonDocument.Parse(json);
            var data = doc.RootElement.GetProperty("data");
            if (IsDepth(json))
            {
                Depth(data);
            }
            else
            {
                BookTicker(data);
            }
        }
    }

    public void Snapshot(JsonElement root)
    {
        var s = _parsedSnapshot;
        s.Clear();
        s.LastUpdateId = root.GetProperty("lastUpdateId").GetInt64();
        s.EventTimeMs = root.TryGetProperty("E", out var e) ? e.GetInt64() : 0;
        s.TransactTimeMs = root.TryGetProperty("T", out var t) ? t.GetInt64() : 0;
        s.LocalTimeUs = 1;
        AddLevels(s.Bids, root.GetProperty("bids"));
        AddLevels(s.Asks, root.GetProperty("asks"));

        _rows.Clear();
        DepthCsvEncoder.WriteSnapshot(_rows, s);
        if (!DepthCsvDecoder.TryDecodeSnapshot(_rows.WrittenSpan, _decodedSnapshot, out var error))
        {
            throw new InvalidOperationException("snapshot did not decode: " + error);
        }

        LastOutcome = Sync.OnSnapshot(_decodedSnapshot);
    }

    public void Depth(JsonElement data)
    {
        var u = _parsed;
        u.Clear();
        u.EventTimeMs = data.GetProperty("E").GetInt64();
        u.TransactTimeMs = data.GetProperty("T").GetInt64();
        u.FirstUpdateId = data.GetProperty("U").GetInt64();
        u.FinalUpdateId = data.GetProperty("u").GetInt64();
        u.PrevFinalUpdateId = data.GetProperty("pu").GetInt64();
        u.LocalTimeUs = 1;
        AddLevels(u.Bids, data.GetProperty("b"));
        AddLevels(u.Asks, data.GetProperty("a"));

        _rows.Clear();
        DepthCsvEncoder.WriteUpdate(_rows, u);
        if (!DepthCsvDecoder.TryDecodeUpdate(_rows.WrittenSpan, _decoded, out var error))
        {
            throw new InvalidOperationException("depth event did not decode: " + error);
        }

        DepthEvents++;
        LastOutcome = Sync.OnDepth(_decoded);
        CheckWaitingTickers();
    }

    /// <summary>
    /// A bookTicker is checked against the book once the depth event with the same <c>u</c> is applied,
    /// whichever of the two the capture holds first (both orders occur in real traffic).
    /// </summary>
    public void BookTicker(JsonElement data)
    {
        var u = data.GetProperty("u").GetInt64();
        var expected = $"{data.GetProperty("b").GetString()}x{data.GetProperty("B").GetString()} / {data.GetProperty("a").GetString()}x{data.GetProperty("A").GetString()}";
        if (Sync.State == BookSyncState.Synced && u == Sync.Book.LastUpdateId)
        {
            Check(expected);
        }
        else if (u > Sync.Book.LastUpdateId)
        {
            (_waiting.TryGetValue(u, out var list) ? list : _waiting[u] = []).Add(expected);
        }
    }

    private void CheckWaitingTickers()
    {
        if (Sync.State == BookSyncState.Synced && _waiting.Remove(Sync.Book.LastUpdateId, out var tickers))
        {
            foreach (var expected in tickers)
            {
                Check(expected);
            }
        }
    }

    private void Check(string expected)
    {
        Checks++;
        var book = Sync.Book;
        var actual = book.Bids.TryGetBest(out var bid) && book.Asks.TryGetBest(out var ask)
            ? $"{Levels.Text(bid.Price)}x{Levels.Text(bid.Quantity)} / {Levels.Text(ask.Price)}x{Levels.Text(ask.Quantity)}"
            : "(empty side)";
        if (actual != expected)
        {
            Mismatches.Add($"u={book.LastUpdateId}: bookTicker {expected}, book {actual}");
        }
    }

    /// <summary>Best bid/ask prices as text, e.g. <c>61659.70/61659.80</c>.</summary>
    public string BestPrices()
    {
        var book = Sync.Book;
        return book.Bids.TryGetBest(out var bid) && book.Asks.TryGetBest(out var ask)
            ? $"{Levels.Text(bid.Price)}/{Levels.Text(ask.Price)}"
            : "(empty)";
    }

    private static void AddLevels(LevelList list, JsonElement levels)
    {
        foreach (var level in levels.EnumerateArray())
        {
            list.Add(
                decimal.Parse(level[0].GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
                decimal.Parse(level[1].GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture));
        }
    }
}

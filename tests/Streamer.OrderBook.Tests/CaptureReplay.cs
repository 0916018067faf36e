using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Streamer.Core.Csv;
using Streamer.OrderBook.Csv;
using Streamer.OrderBook.Sync;

namespace Streamer.OrderBook.Tests;

/// <summary>One message of a capture, already in the form the order book receives it.</summary>
/// <param name="Kind">Snapshot, depth event or bookTicker.</param>
/// <param name="Rows">Snapshot / depth: the CSV rows a worker sends for it.</param>
/// <param name="UpdateId">BookTicker: its <c>u</c>.</param>
/// <param name="Expected">BookTicker: <c>bidxqty / askxqty</c> as sent.</param>
internal sealed record CaptureItem(CaptureKind Kind, byte[] Rows, long UpdateId, string Expected);

internal enum CaptureKind
{
    Snapshot,
    Depth,
    BookTicker,
}

/// <summary>
/// Replays a real capture the way the product sees it: each depth event and snapshot is formatted as the
/// CSV rows a worker sends, decoded by <see cref="DepthCsvDecoder"/>, and handed to a <see cref="BookSynchronizer"/>.
/// Every bookTicker whose <c>u</c> equals the last applied depth <c>u</c> is checked against the book's best
/// bid and ask, price and quantity.
/// </summary>
internal sealed class CaptureReplay
{
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<CaptureItem>>> Cache = new(StringComparer.Ordinal);

    private readonly DepthUpdate _update = new();
    private readonly BookSnapshot _snapshot = new();
    private readonly Dictionary<long, List<string>> _waiting = [];

    public BookSynchronizer Sync { get; } = new();

    public int Checks { get; private set; }

    public List<string> Mismatches { get; } = [];

    /// <summary>
    /// The messages of hftbacktest gzip captures (<c>&lt;local_ts&gt; &lt;json&gt;</c> lines) in file order,
    /// parsed once per test run and shared by the tests that replay them.
    /// </summary>
    public static IReadOnlyList<CaptureItem> LoadHftBacktest(params string[] paths) =>
        Cache.GetOrAdd(string.Join('|', paths), _ => new Lazy<IReadOnlyList<CaptureItem>>(() => Parse(paths))).Value;

    public void Feed(CaptureItem item)
    {
        switch (item.Kind)
        {
            case CaptureKind.Snapshot:
                FeedSnapshotRows(item.Rows);
                break;
            case CaptureKind.Depth:
                FeedDepthRows(item.Rows);
                break;
            default:
                BookTicker(item.UpdateId, item.Expected);
                break;
        }
    }

    /// <summary>A REST snapshot as JSON (<c>lastUpdateId</c>, <c>E</c>, <c>T</c>, <c>bids</c>, <c>asks</c>).</summary>
    public void Snapshot(JsonElement root) => FeedSnapshotRows(SnapshotRows(root));

    /// <summary>A snapshot built in code.</summary>
    public void Snapshot(BookSnapshot snapshot)
    {
        var rows = new CsvRowBuilder(1 << 16);
        DepthCsvEncoder.WriteSnapshot(rows, snapshot);
        FeedSnapshotRows(rows.WrittenSpan);
    }

    /// <summary>A depthUpdate's <c>data</c> object as JSON.</summary>
    public void Depth(JsonElement data) => FeedDepthRows(DepthRows(data));

    /// <summary>Best bid/ask prices as text, e.g. <c>61659.70/61659.80</c>.</summary>
    public string BestPrices()
    {
        var book = Sync.Book;
        return book.Bids.TryGetBest(out var bid) && book.Asks.TryGetBest(out var ask)
            ? $"{Levels.Text(bid.Price)}/{Levels.Text(ask.Price)}"
            : "(empty)";
    }

    private void FeedSnapshotRows(ReadOnlySpan<byte> rows)
    {
        if (!DepthCsvDecoder.TryDecodeSnapshot(rows, _snapshot, out var error))
        {
            throw new InvalidOperationException("snapshot did not decode: " + error);
        }

        Sync.OnSnapshot(_snapshot);
    }

    private void FeedDepthRows(ReadOnlySpan<byte> rows)
    {
        if (!DepthCsvDecoder.TryDecodeUpdate(rows, _update, out var error))
        {
            throw new InvalidOperationException("depth event did not decode: " + error);
        }

        Sync.OnDepth(_update);
        if (Sync.State == BookSyncState.Synced && _waiting.Remove(Sync.Book.LastUpdateId, out var tickers))
        {
            foreach (var expected in tickers)
            {
                Check(expected);
            }
        }
    }

    /// <summary>
    /// A bookTicker is checked once the depth event with the same <c>u</c> is applied, whichever of the two
    /// the capture holds first (both orders occur in real traffic).
    /// </summary>
    private void BookTicker(long u, string expected)
    {
        if (Sync.State == BookSyncState.Synced && u == Sync.Book.LastUpdateId)
        {
            Check(expected);
        }
        else if (u > Sync.Book.LastUpdateId)
        {
            (_waiting.TryGetValue(u, out var list) ? list : _waiting[u] = []).Add(expected);
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

    private static List<CaptureItem> Parse(string[] paths)
    {
        var items = new List<CaptureItem>();
        foreach (var path in paths)
        {
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var reader = new StreamReader(gz);
            while (reader.ReadLine() is { } line)
            {
                var json = line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..];
                if (json.Contains("lastUpdateId", StringComparison.Ordinal))
                {
                    using var doc = JsonDocument.Parse(json);
                    items.Add(new CaptureItem(CaptureKind.Snapshot, SnapshotRows(doc.RootElement), 0, ""));
                }
                else if (json.Contains("@depth", StringComparison.Ordinal))
                {
                    using var doc = JsonDocument.Parse(json);
                    items.Add(new CaptureItem(CaptureKind.Depth, DepthRows(doc.RootElement.GetProperty("data")), 0, ""));
                }
                else if (json.Contains("@bookTicker", StringComparison.Ordinal))
                {
                    using var doc = JsonDocument.Parse(json);
                    var d = doc.RootElement.GetProperty("data");
                    items.Add(new CaptureItem(CaptureKind.BookTicker, [], d.GetProperty("u").GetInt64(),
                        $"{d.GetProperty("b").GetString()}x{d.GetProperty("B").GetString()} / {d.GetProperty("a").GetString()}x{d.GetProperty("A").GetString()}"));
                }
            }
        }

        return items;
    }

    private static byte[] SnapshotRows(JsonElement root)
    {
        var s = new BookSnapshot
        {
            LastUpdateId = root.GetProperty("lastUpdateId").GetInt64(),
            EventTimeMs = root.TryGetProperty("E", out var e) ? e.GetInt64() : 0,
            TransactTimeMs = root.TryGetProperty("T", out var t) ? t.GetInt64() : 0,
            LocalTimeUs = 1,
        };
        AddLevels(s.Bids, root.GetProperty("bids"));
        AddLevels(s.Asks, root.GetProperty("asks"));
        var rows = new CsvRowBuilder(1 << 16);
        DepthCsvEncoder.WriteSnapshot(rows, s);
        return rows.WrittenSpan.ToArray();
    }

    private static byte[] DepthRows(JsonElement data)
    {
        var u = new DepthUpdate
        {
            EventTimeMs = data.GetProperty("E").GetInt64(),
            TransactTimeMs = data.GetProperty("T").GetInt64(),
            FirstUpdateId = data.GetProperty("U").GetInt64(),
            FinalUpdateId = data.GetProperty("u").GetInt64(),
            PrevFinalUpdateId = data.GetProperty("pu").GetInt64(),
            LocalTimeUs = 1,
        };
        AddLevels(u.Bids, data.GetProperty("b"));
        AddLevels(u.Asks, data.GetProperty("a"));
        var rows = new CsvRowBuilder(4096);
        DepthCsvEncoder.WriteUpdate(rows, u);
        return rows.WrittenSpan.ToArray();
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

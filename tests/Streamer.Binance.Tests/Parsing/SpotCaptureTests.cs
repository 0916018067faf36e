using System.Text;
using Streamer.Binance.Exchanges;
using Streamer.Binance.Parsing;
using Streamer.Core.Csv;
using Streamer.Core.Depth;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Binance.Tests.Parsing;

/// <summary>
/// Real spot traffic (hftbacktest's BTCUSDT capture of 2024-08-08/09, SOURCES.md section 1) through the spot parser:
/// the depth rows, synced on the REST snapshot with <see cref="SpotDepthRule"/> and applied to a book, chain
/// without a break across both files and give exactly the best bid and ask of every bookTicker with the same
/// <c>u</c> (1072 checks).
/// </summary>
public sealed class SpotCaptureTests
{
    private const long Local = 1_723_161_254_206_652;

    private static readonly string[] Files = ["spot/btcusdt_20240808.gz", "spot/btcusdt_20240809.gz"];

    [Test]
    public void DepthChainsAcrossBothFiles_AndTheBookMatchesEveryBookTickerWithTheSameU()
    {
        var capture = Capture.Read();
        var rule = BinanceExchanges.Get(ExchangeIds.BinanceSpot).DepthRule;

        var replay = Replay(capture, capture.Depth, rule);

        Assert.That(replay.Break, Is.Null, "the spot chain U = previous u + 1 never breaks, across the file boundary too");
        Assert.That(replay.DroppedBeforeSync, Is.EqualTo(2), "SOURCES.md: 2 diffs are older than the snapshot");
        Assert.That(replay.Applied, Is.EqualTo(capture.Depth.Count - 2));
        Assert.That(replay.Checks, Is.EqualTo(1072), "SOURCES.md: 1072 bookTickers share a u with an applied diff");
        Assert.That(replay.Mismatches, Is.Empty);
        Assert.That(replay.EverCrossed, Is.False);
        Assert.That((replay.Book.BestBid.Price, replay.Book.BestAsk.Price), Is.EqualTo(("61602.01000000", "61602.02000000")));
    }

    [Test]
    public void ADeletedDepthLine_IsDetectedAsAGap_WhereItWasDeleted()
    {
        var capture = Capture.Read();
        var rule = SpotDepthRule.Instance;
        var deleted = capture.Depth.Count / 2;
        var damaged = capture.Depth.Where((_, i) => i != deleted).ToList();

        var replay = Replay(capture, damaged, rule);

        Assert.That(replay.Break, Is.EqualTo(deleted), "the diff after the deleted one does not follow");
        var missing = capture.Depth[deleted].Parsed;
        var next = capture.Depth[deleted + 1].Parsed;
        Assert.That(rule.Continues(new DepthUpdateIds(next.FirstId, next.LastId, next.PrevId), capture.Depth[deleted - 1].Parsed.LastId), Is.False);
        Assert.That(next.FirstId, Is.EqualTo(missing.LastId + 1), "it would have followed the deleted diff");
    }

    [Test]
    public void EveryDepthAndBookTickerMessage_WritesEmptyColumnsForWhatSpotDoesNotSend()
    {
        var capture = Capture.Read();

        Assert.That(capture.Depth, Has.Count.EqualTo(3451 + 3044), "SOURCES.md: depth messages of both files");
        Assert.That(capture.BookTickers, Is.EqualTo(28040 + 45134), "SOURCES.md: bookTicker messages of both files");
        Assert.That(capture.Depth.All(d => d.Rows.Split('\n', StringSplitOptions.RemoveEmptyEntries).All(r => r.Split(',') is { Length: 9 } f && f[1] == "" && f[4] == "")),
            "depth transact_time and prev_final_update_id are empty");
        Assert.That(capture.Depth.All(d => d.Parsed.PrevId == 0));
        Assert.That(capture.BookTickerRowsWithTimes, Is.Zero, "bookticker transaction_time and event_time are empty");
        Assert.That(capture.BookTickerKeysGrow, Is.True, "bookTicker u, the ordering key, grows");
        Assert.That(capture.SnapshotRows.Split('\n', StringSplitOptions.RemoveEmptyEntries).All(r => r.Split(',') is { Length: 7 } f && f[1] == "" && f[2] == ""),
            "the REST snapshot has no E/T: its event_time and transact_time are empty");
    }

    private static ReplayResult Replay(Capture capture, IReadOnlyList<DepthMessage> depth, IDepthSequenceRule rule)
    {
        var book = new TestBook();
        book.Load(capture.SnapshotRows);
        var result = new ReplayResult(book);
        var synced = false;
        long previous = 0;
        for (var i = 0; i < depth.Count; i++)
        {
            var d = depth[i].Parsed;
            if (!synced)
            {
                // Diffs before the snapshot line were buffered by a recorder; here the whole capture is read first.
                if (rule.IsBeforeSnapshot(d.LastId, capture.SnapshotId))
                {
                    result.DroppedBeforeSync++;
                    continue;
                }

                Assert.That(rule.StraddlesSnapshot(d.FirstId, d.LastId, capture.SnapshotId), Is.True, "the first diff kept straddles the snapshot");
                synced = true;
            }
            else if (!rule.Continues(new DepthUpdateIds(d.FirstId, d.LastId, d.PrevId), previous))
            {
                result.Break = i;
                return result;
            }

            book.Apply(depth[i].Rows);
            previous = d.LastId;
            result.Applied++;
            result.EverCrossed |= book.IsCrossed;
            if (capture.BookTickersByU.TryGetValue(d.LastId, out var tickers))
            {
                foreach (var t in tickers)
                {
                    result.Checks++;
                    var seen = (book.BestBid.Price, book.BestBid.Quantity, book.BestAsk.Price, book.BestAsk.Quantity);
                    if (seen != t)
                    {
                        result.Mismatches.Add($"u {d.LastId}: book {seen}, bookTicker {t}");
                    }
                }
            }
        }

        return result;
    }

    private sealed class ReplayResult(TestBook book)
    {
        public TestBook Book { get; } = book;

        public int? Break { get; set; }

        public int DroppedBeforeSync { get; set; }

        public int Applied { get; set; }

        public int Checks { get; set; }

        public bool EverCrossed { get; set; }

        public List<string> Mismatches { get; } = [];
    }

    private sealed record DepthMessage(ParsedMessage Parsed, string Rows);

    /// <summary>Both files through the spot parser, in file order; the one bare REST snapshot through the REST parser.</summary>
    private sealed class Capture
    {
        private static Capture? _read;

        public List<DepthMessage> Depth { get; } = [];

        public Dictionary<long, List<(string, string, string, string)>> BookTickersByU { get; } = [];

        public int BookTickers { get; private set; }

        public int BookTickerRowsWithTimes { get; private set; }

        public bool BookTickerKeysGrow { get; private set; } = true;

        public long SnapshotId { get; private set; }

        public int SnapshotPosition { get; private set; } = -1;

        public string SnapshotRows { get; private set; } = "";

        public static Capture Read() => _read ??= Load();

        private static Capture Load()
        {
            var capture = new Capture();
            var parser = BinanceExchanges.Get(ExchangeIds.BinanceSpot).CreateParser("BTCUSDT", klineAllUpdates: false);
            var rows = new CsvRowBuilder();
            var position = 0;
            long lastTickerKey = 0;
            foreach (var json in Files.SelectMany(Fixtures.HftbacktestMessages))
            {
                position++;
                if (json.StartsWith("{\"lastUpdateId\"", StringComparison.Ordinal))
                {
                    Assert.That(capture.SnapshotPosition, Is.EqualTo(-1), "one snapshot");
                    var snapshot = RestResponseParser.DepthSnapshot(Encoding.UTF8.GetBytes(json), Local);
                    capture.SnapshotId = snapshot.LastUpdateId;
                    capture.SnapshotPosition = position;
                    capture.SnapshotRows = Encoding.UTF8.GetString(snapshot.Rows.Span);
                    Assert.That((snapshot.HasEventTime, snapshot.HasTransactTime, snapshot.EventTimeMs), Is.EqualTo((false, false, Local / 1000)));
                    continue;
                }

                if (!json.Contains("@depth", StringComparison.Ordinal) && !json.Contains("@bookTicker", StringComparison.Ordinal))
                {
                    continue; // @trade: not a stream the recorder subscribes
                }

                rows.Clear();
                var parsed = parser.Parse(Encoding.UTF8.GetBytes(json), Local, rows);
                Assert.That(parsed.Outcome, Is.EqualTo(ParseOutcome.Rows), parsed.Reason + " in " + json);
                var csv = Encoding.UTF8.GetString(rows.WrittenSpan);
                if (parsed.Stream == StreamType.Depth)
                {
                    capture.Depth.Add(new DepthMessage(parsed, csv));
                    continue;
                }

                Assert.That(parsed.Stream, Is.EqualTo(StreamType.BookTicker), json);
                Assert.That(parsed.ExchangeTimeMs, Is.EqualTo(Local / 1000));
                capture.BookTickers++;
                capture.BookTickerKeysGrow &= parsed.OrderingKey > lastTickerKey;
                lastTickerKey = parsed.OrderingKey;
                var f = csv.TrimEnd('\n').Split(',');
                capture.BookTickerRowsWithTimes += f[5].Length + f[6].Length > 0 ? 1 : 0;
                if (!capture.BookTickersByU.TryGetValue(parsed.FirstId, out var list))
                {
                    capture.BookTickersByU[parsed.FirstId] = list = [];
                }

                list.Add((f[1], f[2], f[3], f[4]));
            }

            Assert.That(capture.SnapshotPosition, Is.GreaterThan(0), "the capture holds its REST snapshot");
            return capture;
        }
    }
}

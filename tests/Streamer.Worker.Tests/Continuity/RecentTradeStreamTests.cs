using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Core.Streams;
using Streamer.Worker.Continuity;
using Streamer.Worker.Output;
using Streamer.Worker.Status;

namespace Streamer.Worker.Tests.Continuity;

/// <summary>Trades without consecutive ids (Bybit's seq has holes): filled from the exchange's recent window after reconnects.</summary>
public sealed class RecentTradeStreamTests
{
    private const long T0 = 1_700_000_000_000;

    private MemorySink _sink = null!;
    private CancellationTokenSource _stop = null!;
    private RecentTradeStream _stream = null!;
    private WorkerStatus _status = null!;
    private Exception? _bug;
    private readonly List<long> _exchange = [];
    private int _window = 1000;
    private int _fetches;
    private Func<Task>? _beforeAnswer;
    private Exception? _refusal;

    [SetUp]
    public void SetUp()
    {
        _sink = new MemorySink();
        _stop = new CancellationTokenSource();
        _status = new WorkerStatus();
        _exchange.Clear();
        _window = 1000;
        _fetches = 0;
        _beforeAnswer = null;
        _refusal = null;
        var output = new RowOutput(_sink, null, _status);
        var services = new WorkerServices(output, new EventLog(output, TimeProvider.System), _status, TimeProvider.System, e => _bug = e, _stop.Token);
        _stream = new RecentTradeStream(StreamCatalog.Trade, FetchAsync, 1000, services, NullLogger.Instance, 1 << 20);
    }

    [TearDown]
    public void TearDown()
    {
        _stop.Cancel();
        _stream.Dispose();
        _stop.Dispose();
        Assert.That(_bug, Is.Null, "no background failure");
    }

    /// <summary>Trades with seq 10, 13, 16, ...: holes by design.</summary>
    private static long Seq(int i) => 10 + (3 * i);

    private static string Row(long seq, string source) =>
        string.Create(CultureInfo.InvariantCulture, $"id-{seq},100.5,0.001,false,{T0 + seq},{seq},false,{source}\n");

    private async Task<RestRows> FetchAsync(CancellationToken ct)
    {
        _fetches++;
        if (_beforeAnswer is not null)
        {
            await _beforeAnswer();
        }

        if (_refusal is not null)
        {
            throw _refusal;
        }

        var recent = _exchange.Skip(Math.Max(0, _exchange.Count - _window)).ToList();
        var bytes = new List<byte>();
        var rows = new List<RestRow>();
        foreach (var seq in recent)
        {
            var row = Encoding.UTF8.GetBytes(Row(seq, "rest"));
            rows.Add(new RestRow(seq, T0 + seq, bytes.Count, row.Length));
            bytes.AddRange(row);
        }

        return new RestRows(bytes.ToArray(), rows);
    }

    private ValueTask LiveAsync(params long[] seqs)
    {
        var text = string.Concat(seqs.Select(s => Row(s, "live")));
        return _stream.OnLiveAsync(seqs[0], seqs[^1], T0 + seqs[0], Encoding.UTF8.GetBytes(text), seqs.Length, CancellationToken.None);
    }

    private List<long> WrittenSeqs => [.. _sink.Rows(StreamType.Trade).Select(r => long.Parse(r.Split(',')[5], CultureInfo.InvariantCulture))];

    private async Task FillDoneAsync() => await _stream.Fill.WaitAsync(TimeSpan.FromSeconds(10));

    [Test]
    public async Task LiveTrades_AreWrittenInOrder_WithoutREST_AndRepeatsDropped()
    {
        _stream.Seed(Seq(0));
        await LiveAsync(Seq(1), Seq(2));
        await LiveAsync(Seq(2));
        await LiveAsync(Seq(3));

        Assert.That(WrittenSeqs, Is.EqualTo(new[] { Seq(1), Seq(2), Seq(3) }));
        Assert.That(_fetches, Is.Zero, "holes in seq are normal: no fill without a reconnect");
        Assert.That(_status.Duplicates, Is.EqualTo(1));
    }

    [Test]
    public async Task Reconnect_FillsWhatWasMissed_BeforeTheHeldLiveTrades_WithoutDuplicates()
    {
        _exchange.AddRange(Enumerable.Range(0, 30).Select(Seq));
        _stream.Seed(Seq(5));
        await _stream.CatchUpAsync("reconnect", CancellationToken.None);

        // Live resumes at trade 25 (overlapping what REST serves) and goes on after the fill.
        await LiveAsync(Seq(25), Seq(26));
        await FillDoneAsync();
        _exchange.Add(Seq(30));
        await LiveAsync(Seq(27), Seq(28));
        await LiveAsync(Seq(29), Seq(30));

        Assert.That(WrittenSeqs, Is.EqualTo(Enumerable.Range(6, 25).Select(Seq)));
        var rows = _sink.Rows(StreamType.Trade);
        Assert.That(rows.Take(19).All(r => r.EndsWith(",rest", StringComparison.Ordinal)), "6..24 came from REST");
        Assert.That(rows[19], Does.EndWith(",live"));
        var backfill = _sink.Events().Single(e => e.Kind == "backfill");
        Assert.That((backfill.Stream, backfill.From, backfill.To), Is.EqualTo(("trade", (Seq(5) + 1).ToString(CultureInfo.InvariantCulture), Seq(24).ToString(CultureInfo.InvariantCulture))));
        Assert.That(_sink.Events().Any(e => e.Kind == "gap"), Is.False);
    }

    [Test]
    public async Task LiveMessageOverlappingTheFill_KeepsOnlyItsLaterTrades()
    {
        _exchange.AddRange(Enumerable.Range(0, 10).Select(Seq));
        _stream.Seed(Seq(2));
        await _stream.CatchUpAsync("reconnect", CancellationToken.None);

        // A quiet market: no live trade within the wait, so REST answers up to trade 9 on its own.
        await FillDoneAsync();
        Assert.That(WrittenSeqs, Is.EqualTo(Enumerable.Range(3, 7).Select(Seq)));

        // The first live message then overlaps REST (8, 9) and brings 10: a confirming fetch runs once more.
        _exchange.Add(Seq(10));
        await LiveAsync(Seq(8), Seq(9), Seq(10));
        await FillDoneAsync();
        await LiveAsync(Seq(11));

        Assert.That(WrittenSeqs, Is.EqualTo(Enumerable.Range(3, 9).Select(Seq)));
        Assert.That(_fetches, Is.EqualTo(2));
    }

    [Test]
    public async Task FullWindowNotReachingBack_IsAGapRow_NeverSilence()
    {
        _window = 1000;
        _exchange.AddRange(Enumerable.Range(0, 1500).Select(Seq));
        _stream.Seed(Seq(100));
        await _stream.CatchUpAsync("reconnect", CancellationToken.None);
        await LiveAsync(Seq(1499));
        await FillDoneAsync();

        Assert.That(WrittenSeqs.First(), Is.EqualTo(Seq(500)), "the oldest trade the exchange still serves");
        Assert.That(WrittenSeqs, Has.Count.EqualTo(1000));
        var gap = _sink.Events().Single(e => e.Kind == "gap");
        Assert.That((gap.Stream, gap.From, gap.To), Is.EqualTo(("trade", Seq(100).ToString(CultureInfo.InvariantCulture), Seq(500).ToString(CultureInfo.InvariantCulture))));
        Assert.That(gap.Detail, Does.Contain("last 1000 trades"));
        Assert.That(_status.Gaps, Is.EqualTo(1));
    }

    [Test]
    public async Task ShortWindowStartingAfterTheLastRecorded_IsComplete()
    {
        // Fewer trades than the window: the exchange served all it has, so none is missing.
        _exchange.AddRange(Enumerable.Range(50, 20).Select(Seq));
        _stream.Seed(Seq(10));
        await _stream.CatchUpAsync("worker start", CancellationToken.None);
        await LiveAsync(Seq(69));
        await FillDoneAsync();

        Assert.That(WrittenSeqs, Is.EqualTo(Enumerable.Range(50, 20).Select(Seq)));
        Assert.That(_sink.Events().Any(e => e.Kind == "gap"), Is.False);
    }

    [Test]
    public async Task RefusedFill_IsAGapUpToTheFirstHeldTrade_ThenLiveContinues()
    {
        _refusal = new BinanceRestException(System.Net.HttpStatusCode.Forbidden, "banned");
        _stream.Seed(Seq(1));
        await _stream.CatchUpAsync("reconnect", CancellationToken.None);
        await LiveAsync(Seq(7));
        await FillDoneAsync();
        await LiveAsync(Seq(8));

        Assert.That(WrittenSeqs, Is.EqualTo(new[] { Seq(7), Seq(8) }));
        var gap = _sink.Events().Single(e => e.Kind == "gap");
        Assert.That((gap.From, gap.To), Is.EqualTo((Seq(1).ToString(CultureInfo.InvariantCulture), Seq(7).ToString(CultureInfo.InvariantCulture))));
        Assert.That(gap.Detail, Does.Contain("refused"));
    }
}

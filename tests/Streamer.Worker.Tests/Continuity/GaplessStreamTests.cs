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

/// <summary>Backfill planning of aggTrade-like streams against a scripted exchange.</summary>
public sealed class GaplessStreamTests
{
    private const long Day = 86_400_000;
    private const long T0 = 1_700_000_000_000;

    private MemorySink _sink = null!;
    private FakeTrades _exchange = null!;
    private CancellationTokenSource _stop = null!;
    private GaplessStream _stream = null!;
    private Exception? _bug;
    private WorkerStatus _status = null!;

    [SetUp]
    public void SetUp()
    {
        _sink = new MemorySink();
        FakeTrades.MidnightAfterStatic = long.MaxValue;
        _exchange = new FakeTrades();
        _stop = new CancellationTokenSource();
        _status = new WorkerStatus();
        _stream = NewStream(maxHeldBytes: 1 << 20);
    }

    [TearDown]
    public void TearDown()
    {
        _stop.Cancel();
        _stream.Dispose();
        _stop.Dispose();
        Assert.That(_bug, Is.Null, "no background failure");
    }

    private GaplessStream NewStream(long maxHeldBytes)
    {
        var output = new RowOutput(_sink, null, _status);
        var services = new WorkerServices(output, new EventLog(output, TimeProvider.System), _status, TimeProvider.System, e => _bug = e, _stop.Token);
        return new GaplessStream(StreamCatalog.AggTrade, 1, _exchange.FetchAsync, services, NullLogger.Instance, maxHeldBytes);
    }

    private ValueTask LiveAsync(long id) => _stream.OnLiveAsync(id, FakeTrades.TimeOf(id), FakeTrades.Row(id, "live"), 1, CancellationToken.None);

    private List<long> Written => _sink.FirstColumn(StreamType.AggTrade);

    private async Task BackfillDoneAsync()
    {
        await _stream.Backfill.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(_stream.Backfilling, Is.False);
    }

    [Test]
    public async Task ConsecutiveLiveTrades_AreWrittenWithoutREST()
    {
        _stream.Seed(10);
        for (var id = 11; id <= 15; id++)
        {
            await LiveAsync(id);
        }

        Assert.That(Written, Is.EqualTo(new long[] { 11, 12, 13, 14, 15 }));
        Assert.That(_exchange.Requests, Is.Empty);
    }

    [Test]
    public async Task IdJump_IsBackfilledBeforeTheHeldLiveTrades()
    {
        _exchange.Available(1, 100);
        _stream.Seed(10);
        await LiveAsync(11);
        await LiveAsync(50);
        await LiveAsync(51);
        await BackfillDoneAsync();
        await LiveAsync(52);

        Assert.That(Written, Is.EqualTo(Enumerable.Range(11, 42).Select(i => (long)i)));
        Assert.That(_sink.Rows(StreamType.AggTrade).Where(r => r.EndsWith(",rest", StringComparison.Ordinal)).Count(), Is.EqualTo(38), "12..49 came from REST");
        Assert.That(_exchange.Requests, Is.EqualTo(new long[] { 12 }));
        var backfill = _sink.Events().Single(e => e.Kind == "backfill");
        Assert.That((backfill.From, backfill.To), Is.EqualTo(("12", "49")));
    }

    [Test]
    public async Task LongGap_IsFetchedPageByPage()
    {
        _exchange.PageSize = 7;
        _exchange.Available(1, 100);
        _stream.Seed(0);
        await LiveAsync(1);
        await LiveAsync(40);
        await BackfillDoneAsync();

        Assert.That(Written, Is.EqualTo(Enumerable.Range(1, 40).Select(i => (long)i)));
        Assert.That(_exchange.Requests, Is.EqualTo(new long[] { 2, 9, 16, 23, 30, 37 }));
    }

    [Test]
    public async Task RangeTheExchangeNoLongerHas_IsAGapRowWithTheLostIds()
    {
        _exchange.Available(30, 100);
        _stream.Seed(10);
        await LiveAsync(60);
        await BackfillDoneAsync();

        Assert.That(Written, Is.EqualTo(Enumerable.Range(30, 31).Select(i => (long)i)));
        var gap = _sink.Events().Single(e => e.Kind == "gap");
        Assert.That((gap.Stream, gap.From, gap.To), Is.EqualTo(("aggtrade", "11", "29")));
        Assert.That(_status.Gaps, Is.EqualTo(1));
    }

    [Test]
    public async Task CatchUpAfterReconnect_FetchesUpToThePresent_AndDropsLiveDuplicates()
    {
        _exchange.Available(1, 25);
        _stream.Seed(10);
        await _stream.CatchUpAsync("reconnect", CancellationToken.None);
        await BackfillDoneAsync();
        await LiveAsync(24); // Already fetched over REST.
        await LiveAsync(26);

        Assert.That(Written, Is.EqualTo(Enumerable.Range(11, 16).Select(i => (long)i)));
        Assert.That(_sink.Events().Single(e => e.Kind == "backfill").Detail, Does.Contain("15 trades").And.Contain("reconnect"));
    }

    [Test]
    public async Task RestBehindLive_IsAskedAgain_NotDeclaredLost()
    {
        _exchange.Available(1, 20);
        _stream.Seed(10);
        await LiveAsync(30);
        _exchange.AfterRequests(2, () => _exchange.Available(1, 40));
        await BackfillDoneAsync();

        Assert.That(Written, Is.EqualTo(Enumerable.Range(11, 20).Select(i => (long)i)));
        Assert.That(_sink.Events().Where(e => e.Kind == "gap"), Is.Empty);
    }

    [Test]
    public async Task HeldTradesBeyondTheBound_AreDropped_AndFetchedOverRestInstead()
    {
        _stream.Dispose();
        _stream = NewStream(maxHeldBytes: 200);
        _exchange.Available(1, 100);
        _exchange.Block();
        _stream.Seed(10);
        for (var id = 40; id <= 60; id++)
        {
            await LiveAsync(id);
        }

        _exchange.Unblock();
        await BackfillDoneAsync();

        Assert.That(Written, Is.EqualTo(Enumerable.Range(11, 50).Select(i => (long)i)), "nothing lost, nothing twice");
    }

    [Test]
    public async Task StopDuringBackfill_WritesNoHeldTradeBeyondTheHole()
    {
        _exchange.Available(1, 100);
        _exchange.Block();
        _stream.Seed(10);
        await LiveAsync(50);
        await _stop.CancelAsync();
        await _stream.Backfill.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(Written, Is.Empty, "trade 50 must not be written before 11..49: the next start resumes after the last id written");
    }

    [Test]
    public async Task BackfillAcrossMidnight_SplitsFramesByDay()
    {
        _exchange.Available(1, 100);
        _exchange.MidnightAfter = 20;
        _stream.Seed(10);
        await LiveAsync(30);
        await BackfillDoneAsync();

        var frames = _sink.Frames.Where(f => f.Stream == StreamType.AggTrade).ToList();
        foreach (var frame in frames)
        {
            var days = Encoding.UTF8.GetString(frame.Rows).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(r => StreamCatalog.UtcDay(long.Parse(r.Split(',')[5], CultureInfo.InvariantCulture))).Distinct().ToList();
            Assert.That(days, Is.EqualTo(new[] { StreamCatalog.UtcDay(frame.TimeMs) }), "a frame holds rows of its own day only");
        }

        Assert.That(Written, Is.EqualTo(Enumerable.Range(11, 20).Select(i => (long)i)));
    }

    [Test]
    public async Task ExchangeRefusal_IsAGapRow_AndLiveTradesContinue()
    {
        _exchange.Refuse = true;
        _stream.Seed(10);
        await LiveAsync(20);
        await BackfillDoneAsync();
        await LiveAsync(21);

        Assert.That(Written, Is.EqualTo(new long[] { 20, 21 }));
        var gap = _sink.Events().Single(e => e.Kind == "gap");
        Assert.That((gap.From, gap.To), Is.EqualTo(("11", "19")));
    }

    /// <summary>A scripted aggTrades endpoint: trades with ids in [min, max]; time crosses midnight after <see cref="MidnightAfter"/>.</summary>
    private sealed class FakeTrades
    {
        private long _min;
        private long _max;
        private TaskCompletionSource _open = new();
        private (int After, Action Then)? _script;

        public FakeTrades() => _open.SetResult();

        public int PageSize { get; set; } = 1000;

        public static long MidnightAfterStatic { get; set; } = long.MaxValue;

        public long MidnightAfter { set => MidnightAfterStatic = value; }

        public bool Refuse { get; set; }

        public List<long> Requests { get; } = [];

        public void Available(long min, long max) => (_min, _max) = (min, max);

        public void Block() => _open = new TaskCompletionSource();

        public void Unblock() => _open.TrySetResult();

        public void AfterRequests(int count, Action then) => _script = (count, then);

        public static long TimeOf(long id) => id <= MidnightAfterStatic ? T0 - (T0 % Day) + Day - 1000 + id : T0 - (T0 % Day) + Day + id;

        public static byte[] Row(long id, string origin) =>
            Encoding.UTF8.GetBytes(FormattableString.Invariant($"{id},1.0,1,{id},{id},{TimeOf(id)},false,{TimeOf(id)},{origin}\n"));

        public async Task<RestPage> FetchAsync(long from, long? heldFrom, CancellationToken ct)
        {
            await _open.Task.WaitAsync(ct);
            lock (Requests)
            {
                Requests.Add(from);
                if (_script is { } s && Requests.Count >= s.After)
                {
                    s.Then();
                    _script = null;
                }
            }

            if (Refuse)
            {
                throw new BinanceRestException(System.Net.HttpStatusCode.BadRequest, "refused");
            }

            var bytes = new List<byte>();
            var rows = new List<RestRow>();
            for (var id = Math.Max(from, _min); id <= _max && rows.Count < PageSize; id++)
            {
                var row = Row(id, "rest");
                rows.Add(new RestRow(id, TimeOf(id), bytes.Count, row.Length));
                bytes.AddRange(row);
            }

            return new RestPage(new RestRows(bytes.ToArray(), rows), rows.Count < PageSize);
        }
    }
}

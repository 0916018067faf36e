using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Binance.Parsing;
using Streamer.Core.Depth;
using Streamer.Core.Streams;
using Streamer.Worker.Continuity;
using Streamer.Worker.Output;
using Streamer.Worker.Status;

namespace Streamer.Worker.Tests.Continuity;

/// <summary>Depth of an exchange whose stream starts with its own snapshot (Bybit): no REST after a connect, REST after a break.</summary>
public sealed class StreamSnapshotDepthTests
{
    private const long T0 = 1_700_000_000_000;

    private MemorySink _sink = null!;
    private CancellationTokenSource _stop = null!;
    private DepthRecorder _depth = null!;
    private WorkerStatus _status = null!;
    private int _restFetches;
    private Task _runner = Task.CompletedTask;

    [SetUp]
    public void SetUp()
    {
        _sink = new MemorySink();
        _stop = new CancellationTokenSource();
        _status = new WorkerStatus();
        _restFetches = 0;
        var output = new RowOutput(_sink, null, _status);
        var services = new WorkerServices(output, new EventLog(output, TimeProvider.System), _status, TimeProvider.System, _ => { }, _stop.Token);
        _depth = new DepthRecorder("BTCUSDT", FetchAsync, services, recordSnapshots: true, feedsOrderBook: false, NullLogger.Instance,
            SpotDepthRule.Instance, streamSnapshots: true);
        _runner = _depth.RunAsync(_stop.Token);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _stop.CancelAsync();
        await _runner;
        _depth.Dispose();
        _stop.Dispose();
    }

    private Task<DepthSnapshot> FetchAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _restFetches);
        var rows = Encoding.UTF8.GetBytes($"500,{T0},{T0},bid,100.0,1.5,1\n");
        return Task.FromResult(new DepthSnapshot(500, T0, T0, 1, 0, rows));
    }

    private ValueTask SnapshotAsync(long u) => _depth.OnStreamSnapshotAsync(
        new ParsedMessage(ParseOutcome.Rows, StreamType.DepthSnapshot, T0, T0, u, u, 0, false, 2, ParseError.None, null),
        Encoding.UTF8.GetBytes($"{u},{T0},{T0},bid,100.0,1.5,1\n{u},{T0},{T0},ask,100.1,2,1\n"), CancellationToken.None);

    private ValueTask DeltaAsync(long u) => _depth.OnDepthAsync(
        new ParsedMessage(ParseOutcome.Rows, StreamType.Depth, T0, T0, u, u, 0, false, 1, ParseError.None, null),
        Encoding.UTF8.GetBytes($"{T0},{T0},{u},{u},,bid,100.0,1.4,1\n"), CancellationToken.None);

    private static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), what);
            await Task.Delay(20);
        }
    }

    [Test]
    public async Task Connect_TakesTheStreamsSnapshot_NotREST_AndDiffsChainOnIt()
    {
        _depth.OnConnected("start");
        await SnapshotAsync(100);
        await DeltaAsync(101);
        await DeltaAsync(102);

        Assert.That(_sink.Rows(StreamType.DepthSnapshot), Has.Count.EqualTo(2));
        Assert.That(_sink.Rows(StreamType.Depth), Has.Count.EqualTo(2));
        var snapshot = _sink.Events().Single();
        Assert.That((snapshot.Kind, snapshot.From), Is.EqualTo(("snapshot", "100")));
        Assert.That(_restFetches, Is.Zero);
        Assert.That(_status.Gaps, Is.Zero);
    }

    [Test]
    public async Task Break_IsAGapRow_AndARestSnapshot()
    {
        _depth.OnConnected("start");
        await SnapshotAsync(100);
        await DeltaAsync(101);
        await DeltaAsync(104);
        await EventuallyAsync(() => _sink.Events().Any(e => e.Kind == "resync"), "a resync snapshot over REST");

        var gap = _sink.Events().Single(e => e.Kind == "gap");
        Assert.That(gap.Detail, Is.EqualTo("update 104..104 does not follow u 101"));
        Assert.That(_restFetches, Is.EqualTo(1));
        Assert.That(_status.Gaps, Is.EqualTo(1));
    }

    [Test]
    public async Task StreamWithoutASnapshot_GetsOneFromREST()
    {
        _depth.OnConnected("start");
        await DeltaAsync(101);
        await EventuallyAsync(() => _restFetches == 1 && _sink.Rows(StreamType.DepthSnapshot).Count == 1, "a REST snapshot");

        Assert.That(_sink.Events().Single().Detail, Does.Contain("sent no snapshot"));
    }
}

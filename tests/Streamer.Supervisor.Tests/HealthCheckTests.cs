using NUnit.Framework;
using Streamer.Core.Status;
using Streamer.Supervisor.Metrics;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Tests;

public class HealthCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly HealthExpectations TwoSymbols = new(OrderBook: false, ["BTCUSDT", "ETHUSDT"]);

    private static ChildSnapshot Writer(string state = "writing", string? detail = null) => new()
    {
        Role = "writer", Pid = 2, State = "running", Report = new ChildStatus { Role = "writer", State = state, Detail = detail },
    };

    /// <summary>A running worker whose newest message of <paramref name="stream"/> arrived <paramref name="age"/> ago.</summary>
    private static ChildSnapshot Worker(string symbol, TimeSpan age, string stream = "aggtrade") => new()
    {
        Role = "worker", Symbol = symbol, Pid = 10, State = "running", StartedAt = Now - TimeSpan.FromMinutes(5),
        Report = new ChildStatus
        {
            Role = "worker", Symbol = symbol, State = "streaming",
            Streams = { [stream] = new StreamStatus(5, 5, 0, (Now - age).ToUnixTimeMilliseconds() * 1000) },
        },
    };

    private static SupervisorSnapshot Snapshot(params ChildSnapshot[] children) => new()
    {
        Pid = 1, StartedAt = Now - TimeSpan.FromHours(1), Now = Now, Mode = "m", ConfigPath = "c", DataDir = "d", Children = [.. children],
    };

    private static HealthReport Evaluate(SupervisorSnapshot snapshot, HealthExpectations? expected = null) =>
        HealthCheck.Evaluate(snapshot, expected ?? TwoSymbols, new HealthOptions { StaleAfter = TimeSpan.FromSeconds(60) });

    [Test]
    public void EverythingUpWithRecentData_IsHealthy()
    {
        var report = Evaluate(Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.FromSeconds(1)), Worker("ETHUSDT", TimeSpan.FromSeconds(59))));
        Assert.That(report.Problems, Is.Empty);
        Assert.That(report.Healthy, Is.True);
        Assert.That(report.Symbols.Select(s => (s.Symbol, s.State, s.LastMessageAgeSeconds)),
            Is.EqualTo(new[] { ("BTCUSDT", "streaming", (double?)1), ("ETHUSDT", "streaming", (double?)59) }));
    }

    [Test]
    public void KilledWorker_IsUnhealthy_NamingTheSymbol()
    {
        var killed = new ChildSnapshot { Role = "worker", Symbol = "ETHUSDT", State = "restarting", Detail = "exit code 137", NextStartAt = Now + TimeSpan.FromSeconds(2) };
        var report = Evaluate(Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.Zero), killed));
        Assert.That(report.Healthy, Is.False);
        Assert.That(report.Problems, Is.EqualTo(new[] { "worker ETHUSDT is not running (restarting, exit code 137, restart in 2s)" }));
    }

    [Test]
    public void StaleData_IsUnhealthy()
    {
        var report = Evaluate(Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.Zero), Worker("ETHUSDT", TimeSpan.FromSeconds(90))));
        Assert.That(report.Problems, Has.Count.EqualTo(1));
        Assert.That(report.Problems[0], Does.StartWith("worker ETHUSDT has received no market data for 1m 30s (limit 1m 0s)"));
    }

    [Test]
    public void AQuietStream_IsFine_WhenAnyOtherStreamOfTheWorkerIsRecent()
    {
        var quiet = Worker("ETHUSDT", TimeSpan.FromSeconds(1), "markprice");
        quiet.Report!.Streams["aggtrade"] = new StreamStatus(1, 1, 0, (Now - TimeSpan.FromMinutes(30)).ToUnixTimeMilliseconds() * 1000);
        Assert.That(Evaluate(Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.Zero), quiet)).Problems, Is.Empty);
    }

    [Test]
    public void EventsAndRestSnapshots_AreNotMarketData()
    {
        var onlyEvents = Worker("ETHUSDT", TimeSpan.FromSeconds(1), "events");
        onlyEvents.Report!.Streams["depth_snapshot"] = new StreamStatus(1, 1000, 0, Now.ToUnixTimeMilliseconds() * 1000);
        var report = Evaluate(Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.Zero), onlyEvents));
        Assert.That(report.Problems, Has.One.StartsWith("worker ETHUSDT has not received market data yet (up 5m 0s), state streaming"));
    }

    [Test]
    public void AWorkerWithoutAReportYet_IsNotHealthyYet()
    {
        var starting = new ChildSnapshot { Role = "worker", Symbol = "ETHUSDT", Pid = 11, State = "running", StartedAt = Now - TimeSpan.FromSeconds(1) };
        Assert.That(Evaluate(Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.Zero), starting)).Problems,
            Has.One.StartsWith("worker ETHUSDT has not received market data yet (up 1s)"));
    }

    [Test]
    public void AnEnabledSymbolWithoutAWorker_IsUnhealthy()
    {
        Assert.That(Evaluate(Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.Zero))).Problems,
            Is.EqualTo(new[] { "worker ETHUSDT has not been started yet" }));
    }

    [Test]
    public void ARejectedSymbol_IsAWarningNotAProblem()
    {
        var rejected = new ChildSnapshot { Role = "worker", Symbol = "ETHUSDT", State = "rejected", Detail = "the exchange does not list ETHUSDT" };
        var report = Evaluate(Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.Zero), rejected));
        Assert.That(report.Healthy, Is.True);
        Assert.That(report.Warnings, Has.One.StartsWith("ETHUSDT is not listed by the exchange"));
    }

    [Test]
    public void CriticalChildren_WriterDownOrFull_OrderBookMissing_AreUnhealthy()
    {
        var workers = new[] { Worker("BTCUSDT", TimeSpan.Zero), Worker("ETHUSDT", TimeSpan.Zero) };
        var writerDown = new ChildSnapshot { Role = "writer", State = "restarting", Detail = "exit code 1" };
        Assert.That(Evaluate(Snapshot([writerDown, .. workers])).Problems, Is.EqualTo(new[] { "the writer is not running (restarting, exit code 1)" }));
        Assert.That(Evaluate(Snapshot([Writer("disk-full", "cannot write x: no space"), .. workers])).Problems,
            Is.EqualTo(new[] { "the writer cannot write (disk-full): cannot write x: no space" }));
        Assert.That(Evaluate(Snapshot([Writer(), .. workers]), TwoSymbols with { OrderBook = true }).Problems,
            Is.EqualTo(new[] { "the orderbook has not been started yet" }));
        Assert.That(Evaluate(Snapshot(workers)).Problems, Is.EqualTo(new[] { "the writer has not been started yet" }));
    }

    [Test]
    public void ACrashLoop_IsUnhealthy_EvenWhileTheChildIsUp()
    {
        var looping = Worker("ETHUSDT", TimeSpan.Zero) with { CrashLoop = true };
        Assert.That(Evaluate(Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.Zero), looping)).Problems,
            Is.EqualTo(new[] { "worker ETHUSDT is in a crash loop (running); its log says why" }));
    }

    [Test]
    public void Stopping_IsUnhealthy()
    {
        var snapshot = Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.Zero), Worker("ETHUSDT", TimeSpan.Zero)) with { Stopping = true };
        Assert.That(Evaluate(snapshot).Problems, Is.EqualTo(new[] { "streamer is stopping" }));
    }

    [Test]
    public void WithoutExpectations_TheChildrenInTheSnapshotAreExpected()
    {
        var report = HealthCheck.Evaluate(Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.FromMinutes(2))));
        Assert.That(report.Problems, Has.One.StartsWith("worker BTCUSDT has received no market data for 2m 0s"));
    }

    private static ChildSnapshot Uploader(string state, string? detail = null) => new()
    {
        Role = "uploader", Pid = 3, State = "running",
        Report = new ChildStatus
        {
            Role = "uploader", State = state, Detail = detail,
            Counters = { ["upload_pending_files"] = 3, ["upload_pending_bytes"] = 1200, ["upload_oldest_pending_seconds"] = 7200, ["upload_failures"] = 5 },
        },
    };

    [Test]
    public void StoreDown_IsAWarningWithTheBacklog_RecordingStaysHealthy()
    {
        var report = Evaluate(Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.FromSeconds(1)), Worker("ETHUSDT", TimeSpan.FromSeconds(1)), Uploader("store-down", "not reachable")));
        Assert.That(report.Healthy, Is.True);
        Assert.That(report.Warnings, Has.One.EqualTo("the object store does not answer (not reachable); 3 file(s), 1200 bytes wait, the oldest for 2h 0m"));
        Assert.That(report.Upload, Is.EqualTo(new UploadHealth("store-down", 3, 1200, 7200, 5, "not reachable")));
    }

    [Test]
    public void RefusedCredentials_AreAProblem()
    {
        var report = Evaluate(Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.FromSeconds(1)), Worker("ETHUSDT", TimeSpan.FromSeconds(1)), Uploader("bad-credentials", "check AWS_ACCESS_KEY_ID")));
        Assert.That(report.Healthy, Is.False);
        Assert.That(report.Problems, Has.One.StartsWith("the uploader cannot upload: check AWS_ACCESS_KEY_ID; 3 file(s)"));
    }

    [Test]
    public void WithoutUpload_TheReportHasNoUploadPart() =>
        Assert.That(Evaluate(Snapshot(Writer(), Worker("BTCUSDT", TimeSpan.FromSeconds(1)), Worker("ETHUSDT", TimeSpan.FromSeconds(1)))).Upload, Is.Null);
}

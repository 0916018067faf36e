using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Binance.Rest;

namespace Streamer.Binance.Tests.Rest;

/// <summary>
/// Several limiter instances on one state file stand for several worker processes: each opens the file
/// itself under its own exclusive lock, exactly as separate processes do.
/// </summary>
public sealed class RestWeightLimiterTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "streamer-limiter-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private RestWeightLimiter NewLimiter(int budget, TimeSpan window) =>
        new(RestWeightLimiter.StateFileIn(_dir), budget, TimeProvider.System, NullLogger.Instance, window);

    [Test]
    public async Task SeveralProcesses_NeverExceedTheBudgetInAWindow()
    {
        const int budget = 100;
        const int weight = 20;
        var window = TimeSpan.FromMilliseconds(400);
        var limiters = Enumerable.Range(0, 4).Select(_ => NewLimiter(budget, window)).ToList();
        var charged = new ConcurrentBag<long>();

        // 4 "processes" × 6 requests × 20 = 480 weight: needs at least 5 windows of 100.
        await Task.WhenAll(limiters.Select(limiter => Task.Run(async () =>
        {
            for (var i = 0; i < 6; i++)
            {
                charged.Add(await limiter.ReserveAsync(weight, CancellationToken.None));
            }
        })));

        var perWindow = charged.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count() * weight);
        Assert.That(charged, Has.Count.EqualTo(24));
        Assert.That(perWindow.Values, Has.All.LessThanOrEqualTo(budget), "weight per window: " + string.Join(", ", perWindow.Values));
        Assert.That(perWindow.Count, Is.GreaterThanOrEqualTo(5));
        Assert.That(limiters.Sum(l => l.WeightUsed), Is.EqualTo(480));
    }

    [Test]
    public async Task ServerReportedWeight_CountsAgainstTheBudget()
    {
        var window = TimeSpan.FromSeconds(30);
        var a = NewLimiter(100, window);
        var b = NewLimiter(100, window);
        // Windows are aligned to the wall clock: a window that ends within the 300 ms below would let b in.
        await StartOfAFreshWindowAsync(window);
        var first = await a.ReserveAsync(10, CancellationToken.None);

        // Another program on the same IP used weight: the server header says 95.
        await a.ReportServerWeightAsync(95, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.That(async () => await b.ReserveAsync(10, cts.Token), Throws.InstanceOf<OperationCanceledException>(),
            "95 + 10 exceeds 100: the second process must wait for the next window");
        Assert.That(first, Is.GreaterThan(0));
    }

    [Test]
    public async Task RetryAfterSeenByOne_StopsTheOthers()
    {
        var window = TimeSpan.FromSeconds(30);
        var a = NewLimiter(1000, window);
        var b = NewLimiter(1000, window);
        await a.ReportRetryAfterAsync(TimeSpan.FromMilliseconds(700), CancellationToken.None);

        var started = DateTime.UtcNow;
        await b.ReserveAsync(1, CancellationToken.None);

        Assert.That(DateTime.UtcNow - started, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(600)));
    }

    [Test]
    public async Task BanSeenByOne_StopsEveryProcess_UntilItEnds()
    {
        var window = TimeSpan.FromSeconds(30);
        var a = NewLimiter(1000, window);
        var b = NewLimiter(1000, window);
        await a.ReportBanAsync(TimeSpan.FromMilliseconds(800), CancellationToken.None);

        var started = DateTime.UtcNow;
        var waiting = b.ReserveAsync(1, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.That(waiting.IsCompleted, Is.False, "no request during a ban");
        Assert.That(b.IsBanned, Is.True, "the other process knows it is banned");
        await waiting;

        Assert.That(DateTime.UtcNow - started, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(700)));
        Assert.That(b.IsBanned, Is.False);
    }

    [Test]
    public async Task DamagedStateFile_IsTreatedAsEmpty()
    {
        var file = RestWeightLimiter.StateFileIn(_dir);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "garbage \0\0 not numbers");

        var window = await NewLimiter(10, TimeSpan.FromSeconds(30)).ReserveAsync(5, CancellationToken.None);

        Assert.That(window, Is.GreaterThan(0));
        Assert.That(await File.ReadAllTextAsync(file), Does.Contain(" 5 "));
    }

    /// <summary>Returns once at least 2 s of the current window remain (waits for the next one otherwise).</summary>
    private static async Task StartOfAFreshWindowAsync(TimeSpan window)
    {
        var windowMs = (long)window.TotalMilliseconds;
        var left = windowMs - (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % windowMs);
        if (left < 2_000)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(left + 50));
        }
    }
}

using System.Text;
using System.Text.RegularExpressions;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

/// <summary>Redirects Console (process-wide), so these run one at a time.</summary>
[NonParallelizable]
public partial class CommandTests
{
    [Test]
    public async Task Help_PrintsEveryOptionAndTheAdminApi_ExitZero()
    {
        var (code, output, _) = await RunAsync(["--help"], CancellationToken.None);
        Assert.That(code, Is.Zero);
        foreach (var option in new[] { "--host", "--port", "--seed", "--symbols", "--rate", "--rate-for", "--clock-speed", "--start-time",
                     "--ping-interval", "--pong-timeout", "--lifetime", "--weight-limit", "--ban", "--truth-dir", "--replay", "--replay-speed", "--history",
                     "/admin/stats", "/admin/drop", "/admin/depth-gap", "/admin/stall", "/admin/malformed", "/admin/rest-error", "/admin/pause-trades", "/admin/pause" })
        {
            Assert.That(output, Does.Contain(option));
        }
    }

    [TestCase("--port", "abc")]
    [TestCase("--bogus")]
    [TestCase("--lifetime", "forever")]
    [TestCase("--rate-for", "BTCUSDT")]
    [TestCase("--start-time", "yesterday")]
    [TestCase("--clock-speed", "-1")]
    [TestCase("--port")]
    public async Task BadArguments_OneClearLineOnStderr_ExitTwo(params string[] args)
    {
        var (code, output, error) = await RunAsync(args, CancellationToken.None);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(error, Does.StartWith("simulate: "));
    }

    [Test]
    public async Task Run_PrintsTheListeningLine_ServesUntilCancelled_ExitZero()
    {
        using var cts = new CancellationTokenSource();
        var output = new SignalingWriter();
        var run = RunAsync(["--port", "0", "--symbols", "btcusdt", "--rate-for", "BTCUSDT=100", "--lifetime", "1h", "--seed", "3"], cts.Token, output);
        await Eventually.WaitAsync(() => output.ToString().Contains('\n', StringComparison.Ordinal), "the listening line");

        var line = output.ToString();
        var match = ListeningLine().Match(line);
        Assert.That(match.Success, Is.True, line);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{match.Groups[1].Value}") };
        var depth = await http.GetJsonAsync("/fapi/v1/depth?symbol=BTCUSDT&limit=5");
        Assert.That(depth.GetProperty("bids").GetArrayLength(), Is.EqualTo(5));

        await cts.CancelAsync();
        var (code, _, _) = await run;
        Assert.That(code, Is.Zero);
        Assert.That(output.ToString(), Is.EqualTo(line), "exactly one line on stdout");
    }

    [Test]
    public void Durations_ParseLikePeopleTypeThem()
    {
        Assert.That(Parse("500ms"), Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(Parse("10s"), Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(Parse("3m"), Is.EqualTo(TimeSpan.FromMinutes(3)));
        Assert.That(Parse("24h"), Is.EqualTo(TimeSpan.FromHours(24)));
        Assert.That(Parse("2d"), Is.EqualTo(TimeSpan.FromDays(2)));
        Assert.That(Parse("1.5"), Is.EqualTo(TimeSpan.FromSeconds(1.5)));
        Assert.That(Cli.DurationParser.TryParse("3x", out _), Is.False);

        static TimeSpan Parse(string text) => Cli.DurationParser.TryParse(text, out var d) ? d : throw new AssertionException(text);
    }

    [Test]
    public void Arguments_MapToOptions()
    {
        var options = Options(["--symbols", "btcusdt,SOLUSDT", "--rate", "50", "--rate-for", "SOLUSDT=5", "--clock-speed", "60",
            "--start-time", "2026-01-01T23:59:30Z", "--ping-interval", "1s", "--pong-timeout=2s", "--lifetime", "10s", "--weight-limit", "100",
            "--ban", "3m", "--truth-dir", "/tmp/t", "--history", "10", "--seed", "9", "--host", "127.0.0.1", "--port", "1234"]);
        Assert.That(options.Symbols, Is.EqualTo(new[] { "BTCUSDT", "SOLUSDT" }));
        Assert.That(options.RateFor("SOLUSDT"), Is.EqualTo(5));
        Assert.That(options.RateFor("BTCUSDT"), Is.EqualTo(50));
        Assert.That(options.ClockSpeed, Is.EqualTo(60));
        Assert.That(options.StartTime, Is.EqualTo(new DateTimeOffset(2026, 1, 1, 23, 59, 30, TimeSpan.Zero)));
        Assert.That(options.PongTimeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(options.ConnectionLifetime, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(options.BanDuration, Is.EqualTo(TimeSpan.FromMinutes(3)));
        Assert.That(options.AggTradeHistory, Is.EqualTo(10));
        Assert.That(options.Port, Is.EqualTo(1234));
        Assert.That(options.Seed, Is.EqualTo(9));
        Assert.That(options.TruthDirectory, Is.EqualTo("/tmp/t"));
    }

    [TestCase(new[] { "--port", "abc" }, "simulate: --port expects a whole number, not 'abc'")]
    [TestCase(new[] { "--lifetime", "forever" }, "simulate: --lifetime expects a duration like 500ms, 10s, 3m or 24h, not 'forever'")]
    [TestCase(new[] { "--rate-for", "BTCUSDT" }, "simulate: --rate-for expects SYMBOL=N, e.g. --rate-for BTCUSDT=500, not 'BTCUSDT'")]
    [TestCase(new[] { "--clock-speed", "-1" }, "simulate: clock speed must be a positive number, not -1")]
    public async Task ABadValue_NamesTheOptionAndWhatItExpects(string[] args, string message)
    {
        var (_, _, error) = await RunAsync(args, CancellationToken.None);
        Assert.That(error.TrimEnd(), Is.EqualTo(message));
    }

    [Test]
    public void RateFor_IsRepeatable_AndDefaultsStayWhenAnOptionIsNotGiven()
    {
        var options = Options(["--rate-for", "btcusdt=5", "--rate-for", "ETHUSDT=7"]);
        Assert.That(options.EventsPerSecond, Is.EqualTo(new Dictionary<string, double> { ["BTCUSDT"] = 5, ["ETHUSDT"] = 7 }));
        var defaults = new SimulatorOptions();
        Assert.That((options.Port, options.Seed, options.ClockSpeed, options.ConnectionLifetime, options.StartTime, options.TruthDirectory),
            Is.EqualTo((defaults.Port, defaults.Seed, defaults.ClockSpeed, defaults.ConnectionLifetime, defaults.StartTime, defaults.TruthDirectory)));
        Assert.That(options.Symbols, Is.EqualTo(defaults.Symbols));
    }

    [Test]
    public void CoinMAndSpotSymbols_AreReadAndDefaultToNone()
    {
        var options = Options(["--cm-symbols", "btcusd_perp,ETHUSD_PERP", "--spot-symbols", "btcusdt", "--spot-weight-limit", "100", "--cm-weight-limit", "50"]);
        Assert.That(options.CoinMSymbols, Is.EqualTo(new[] { "BTCUSD_PERP", "ETHUSD_PERP" }));
        Assert.That(options.SpotSymbols, Is.EqualTo(new[] { "BTCUSDT" }));
        Assert.That((options.SpotWeightLimitPerMinute, options.CoinMWeightLimitPerMinute), Is.EqualTo((100, 50)));
        Assert.That(options.Symbols, Is.EqualTo(new SimulatorOptions().Symbols), "USD-M symbols unchanged");
        var defaults = Options([]);
        Assert.That(defaults.CoinMSymbols.Concat(defaults.SpotSymbols), Is.Empty);
        Assert.That((defaults.SpotWeightLimitPerMinute, defaults.CoinMWeightLimitPerMinute), Is.EqualTo((6000, 2400)));
    }

    private static SimulatorOptions Options(string[] args)
    {
        var cli = new Cli.SimulatorCli();
        var result = new System.CommandLine.RootCommand { cli.Command }.Parse(["simulate", .. args]);
        Assert.That(result.Errors.Select(e => e.Message), Is.Empty);
        return cli.Read(result);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args, CancellationToken ct, StringWriter? output = null)
    {
        output ??= new StringWriter();
        using var error = new StringWriter();
        var originalOut = Console.Out;
        var originalError = Console.Error;
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var code = await SimulatorCommand.RunAsync(args, ct);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    [GeneratedRegex(@"^simulator listening on http://127\.0\.0\.1:(\d+)\n$")]
    private static partial Regex ListeningLine();

    /// <summary>A StringWriter that is safe to read while the command writes to it.</summary>
    private sealed class SignalingWriter : StringWriter
    {
        private readonly object _gate = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                base.Write(value);
                base.Write('\n');
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override string ToString()
        {
            lock (_gate)
            {
                return base.ToString();
            }
        }
    }
}

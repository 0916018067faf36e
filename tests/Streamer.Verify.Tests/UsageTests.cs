using NUnit.Framework;

namespace Streamer.Verify.Tests;

public class UsageTests
{
    [Test]
    public async Task UnknownOption_ExitsTwoWithUsage()
    {
        using var data = new Recording();

        var run = await VerifyRun.StartAsync(data.Path, "--fast");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Is.EqualTo("verify: unknown option '--fast'\nRun 'streamer verify --help' for usage.\n"));
    }

    [TestCase("2026-13-01")]
    [TestCase("01/05/2026")]
    [TestCase("yesterday")]
    public async Task BadDate_ExitsTwo(string date)
    {
        using var data = new Recording();

        var run = await VerifyRun.StartAsync(data.Path, "--date", date);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.StartWith($"verify: --date needs a UTC day as YYYY-MM-DD, e.g. --date 2026-05-01 (got \"{date}\")"));
    }

    [Test]
    public async Task DateWithoutValue_ExitsTwo()
    {
        using var data = new Recording();

        var run = await VerifyRun.StartAsync(data.Path, "--date");

        Assert.That(run.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public async Task MissingDataDirectory_ExitsTwoNamingIt()
    {
        var run = await VerifyRun.StartAsync("/nonexistent/streamer-data");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("/nonexistent/streamer-data").And.Contain("storage.data_dir"));
    }

    [Test]
    public async Task SymbolWithoutFiles_Fails()
    {
        using var data = new Recording();
        data.Write(Core.Streams.StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 3));

        var run = await VerifyRun.StartAsync(data.Path, "ethusdt");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("ETHUSDT: no recorded files"));
    }

    [Test]
    public async Task SymbolFilter_ChecksOnlyThatSymbol()
    {
        using var data = new Recording();
        data.Write(Core.Streams.StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 3));
        data.Write(Core.Streams.StreamCatalog.AggTrade, Recording.Day1, ["broken"], symbol: "ETHUSDT");

        var run = await VerifyRun.StartAsync(data.Path, "BTCUSDT");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Not.Contain("ETHUSDT"));
    }

    [Test]
    public async Task EmptyDataDirectory_IsNotClean()
    {
        using var data = new Recording();

        var run = await VerifyRun.StartAsync(data.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("nothing to verify"));
    }

    [Test]
    public async Task Help_ExitsZero()
    {
        var run = await VerifyRun.StartAsync("/nonexistent", "--help");

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(run.Output, Does.Contain("verify [<SYMBOL>...] [options]").And.Contain("--missing-days").And.Contain("Exit code: 0 when everything checked is clean"));
    }
}

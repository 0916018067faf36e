using NUnit.Framework;
using Streamer.IntegrationTests.Infrastructure;

namespace Streamer.IntegrationTests;

/// <summary>A bad config is one clear sentence and exit code 2, from the real executable.</summary>
public class ConfigErrorTests
{
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\nstorage:\n  fsync_interval: often\n", "config.yaml:5: storage.fsync_interval: 'often' is not a duration")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\nnetwrk:\n  rest_url: x\n", "config.yaml:4: netwrk: unknown key")]
    [TestCase("modes:\n  development:\n    symbols: [BTC/USDT]\n", "config.yaml:3: modes.development.symbols: 'BTC/USDT' is not a Binance symbol")]
    [TestCase("modes:\n  development\n    symbols: [BTCUSDT]\n", "config.yaml:")]
    [TestCase("modes:\n  development:\n    symbols:\n      - {symbol: BTCUSDT, exchange: okx-swap}\n", "config.yaml:4: modes.development.symbols.exchange: 'okx-swap' is not a known exchange; allowed: binance-um, binance-cm, binance-spot, bybit-linear")]
    public async Task BadConfig_ExitsTwoWithFileLineAndKey(string yaml, string expected)
    {
        using var ws = new Workspace();
        await File.WriteAllTextAsync(ws.ConfigPath, yaml);

        var (exit, _, stderr) = await StreamerProcess.RunAsync(ws.Root, TimeSpan.FromSeconds(30), "-c", ws.ConfigPath);

        Assert.That(exit, Is.EqualTo(2), stderr);
        Assert.That(stderr, Does.Contain(expected));
        Assert.That(stderr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task UnknownOption_ExitsTwoAndPointsToHelp()
    {
        using var ws = new Workspace();
        var (exit, _, stderr) = await StreamerProcess.RunAsync(ws.Root, TimeSpan.FromSeconds(30), "--frobnicate");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("--frobnicate").And.Contain("--help"));
    }

    [Test]
    public async Task AnOptionAfterSimulate_ThatTheSimulatorDoesNotKnow_ExitsTwoAtOnce()
    {
        using var ws = new Workspace();
        var (exit, _, stderr) = await StreamerProcess.RunAsync(ws.Root, TimeSpan.FromSeconds(30), "--simulate", "-c", "config.yaml");
        Assert.That(exit, Is.EqualTo(2), "no supervisor that restarts a simulator exiting with code 2 forever");
        Assert.That(stderr, Does.Contain("--simulate").And.Contain("'-c'").And.Contain("before it"));
    }
}

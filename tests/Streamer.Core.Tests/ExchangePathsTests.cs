using NUnit.Framework;
using Streamer.Core.Exchanges;

namespace Streamer.Core.Tests;

public class ExchangePathsTests
{
    [Test]
    public void DefaultExchange_KeepsTheSymbolFolderAtTheTopOfTheDataDir()
    {
        Assert.That(ExchangePaths.Prefix(ExchangeIds.BinanceUsdM), Is.Empty);
        Assert.That(ExchangePaths.SymbolFolder(ExchangeIds.BinanceUsdM, "BTCUSDT"), Is.EqualTo("BTCUSDT"));
    }

    [TestCase("binance-cm", "binance-cm/BTCUSDT")]
    [TestCase("bybit-linear", "bybit-linear/BTCUSDT")]
    public void OtherExchanges_GetTheirOwnFolder(string exchange, string expected)
    {
        Assert.That(ExchangePaths.Prefix(exchange), Is.EqualTo(exchange + "/"));
        Assert.That(ExchangePaths.SymbolFolder(exchange, "BTCUSDT"), Is.EqualTo(expected));
    }

    [Test]
    public void EmptyExchange_IsABug() =>
        Assert.Throws<ArgumentException>(() => ExchangePaths.Prefix(""));

    [Test]
    public void EveryKnownExchangeFolder_CanNeverBeASymbolOrAHiddenFolder()
    {
        // A folder in the data dir is a symbol (upper-case letters and digits), hidden ('.'), or an exchange: never two of them.
        foreach (var id in ExchangeIds.Known)
        {
            Assert.That(id, Does.Match("^[a-z0-9]+(-[a-z0-9]+)+$"), id);
        }
    }
}

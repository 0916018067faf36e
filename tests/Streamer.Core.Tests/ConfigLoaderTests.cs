using NUnit.Framework;
using Streamer.Core.Configuration;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Core.Tests;

public class ConfigLoaderTests
{
    private static string ShippedConfig => Path.Combine(RepoRoot.Path, "config.yaml");

    [Test]
    public void ShippedConfig_LoadsWithDocumentedDefaults()
    {
        var config = ConfigLoader.Load(ShippedConfig, checkDataDir: false);

        Assert.That(config.Mode, Is.EqualTo("development"));
        Assert.That(config.EnabledSymbols.Select(s => s.Key), Is.EqualTo(new[] { "BTCUSDT", "ETHUSDT", "binance-cm/BTCUSD_PERP", "binance-spot/BTCUSDT" }), "one symbol of each market, for ./run.sh --simulate");
        Assert.That(config.Symbols[0].Streams, Does.Contain(StreamCatalog.AggTrade).And.Contain(StreamCatalog.Depth));
        Assert.That(config.Network.PublicWsUrl, Is.EqualTo(new Uri("wss://fstream.binance.com/public")));
        Assert.That(config.Storage.FlushInterval, Is.EqualTo(TimeSpan.FromMilliseconds(25)));
        Assert.That(config.Storage.DataDir, Is.EqualTo(Path.Combine(RepoRoot.Path, "data")));
        Assert.That(config.History.BaseUrl, Is.EqualTo(new Uri("https://data.binance.vision")));
        Assert.That(config.Upload, Is.EqualTo(UploadConfig.Disabled), "the shipped upload: section spells out the defaults");
    }

    [Test]
    public void EmptyModesSection_DefaultsEverythingElse()
    {
        var config = ConfigLoader.Parse("modes:\n  development:\n    symbols: [BTCUSDT]\n", "/tmp/x/config.yaml");

        Assert.That(config.Symbols.Single().Streams.Select(s => s.ConfigName), Is.EqualTo(ConfigLoader.DefaultStreams));
        Assert.That(config.OrderBook.Enabled, Is.False);
        Assert.That(config.Supervisor.RestartMaxDelay, Is.EqualTo(TimeSpan.FromSeconds(60)));
    }

    [Test]
    public void SymbolMapping_OverridesStreamsAndEnabled()
    {
        var config = ConfigLoader.Parse("""
            modes:
              development:
                symbols:
                  - symbol: ETHUSDT
                    streams: [aggtrade, bookticker]
                    depth_snapshot: false
                    enabled: false
            """, "/tmp/config.yaml");

        var eth = config.Symbols.Single();
        Assert.That(eth.Streams, Is.EqualTo(new[] { StreamCatalog.AggTrade, StreamCatalog.BookTicker }));
        Assert.That(eth.DepthSnapshot, Is.False);
        Assert.That(config.EnabledSymbols, Is.Empty);
    }

    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\nstorage:\n  flush_intervl: 1s\n", "config.yaml:5: storage.flush_intervl: unknown key")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\nstorage:\n  flush_interval: fast\n", "config.yaml:5: storage.flush_interval: 'fast' is not a duration")]
    [TestCase("modes:\n  development:\n    symbols: [btc-usdt]\n", "config.yaml:3: modes.development.symbols: 'btc-usdt' is not a Binance symbol")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT, BTCUSDT]\n", "BTCUSDT is listed twice")]
    [TestCase("mode: prod\nmodes:\n  development:\n    symbols: [BTCUSDT]\n", "config.yaml:1: mode: 'prod' has no section under modes; defined modes: development")]
    [TestCase("modes:\n  development:\n    symbols:\n      - BTCUSDT\n      - symbol: ETHUSDT\n        exchange: okx-swap\n", "config.yaml:6: modes.development.symbols.exchange: 'okx-swap' is not a known exchange; allowed: binance-um, binance-cm, binance-spot, bybit-linear")]
    [TestCase("modes:\n  development:\n    symbols:\n      - {symbol: ETHUSDT, exchange: Binance-UM}\n", "config.yaml:4: modes.development.symbols.exchange: 'Binance-UM' is not a known exchange; allowed: binance-um, binance-cm, binance-spot, bybit-linear")]
    [TestCase("modes:\n  development:\n    symbols:\n      - {symbol: ETHUSDT, exchange: [binance-um]}\n", "config.yaml:4: modes.development.symbols.exchange: must be a single value")]
    [TestCase("modes:\n  development:\n    exchange: binance-um\n    symbols: [BTCUSDT]\n", "config.yaml:3: modes.development.exchange: unknown key")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\n    streams: [aggtrade, trades]\n", "config.yaml:4: modes.development.streams: unknown stream 'trades'; allowed: aggtrade")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\norderbook:\n  depth: many\n", "config.yaml:5: orderbook.depth: 'many' is not allowed; expected a whole number from 1 to 1000")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\nnetwork:\n  rest_url: fapi.binance.com\n", "config.yaml:5: network.rest_url: 'fapi.binance.com' is not a valid URL")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\nmetrics:\n  enabled: maybe\n", "config.yaml:5: metrics.enabled: 'maybe' is not a boolean; allowed: true, false")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\ndaemon:\n  log_max_bytes: 10\n", "config.yaml:5: daemon.log_max_bytes: '10' is not allowed")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\nhistory:\n  base_url: data.binance.vision\n", "config.yaml:5: history.base_url: 'data.binance.vision' is not a valid URL; expected an absolute https or http URL")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\nhistory:\n  url: x\n", "history.url")]
    [TestCase("modes: [a, b]\n", "config.yaml:1: modes: must be a mapping")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT\n", "config.yaml:")]
    [TestCase("storage:\n  data_dir: x\n", "modes: must be a mapping")]
    public void InvalidConfig_NamesFileLineAndKey(string yaml, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "/somewhere/config.yaml"));
        Assert.That(e!.Message, Does.Contain(expected));
    }

    [Test]
    public void SymbolExchange_DefaultsToBinanceUm_ForBareNamesAndMappings()
    {
        var config = ConfigLoader.Parse("""
            modes:
              development:
                symbols:
                  - BTCUSDT
                  - symbol: ETHUSDT
                    streams: [aggtrade]
                  - symbol: SOLUSDT
                    exchange: binance-um
            """, "/tmp/config.yaml");

        Assert.That(config.Symbols.Select(s => s.Exchange), Is.EqualTo(new[] { ExchangeIds.BinanceUsdM, ExchangeIds.BinanceUsdM, ExchangeIds.BinanceUsdM }));
        Assert.That(ExchangeIds.Default, Is.EqualTo("binance-um"), "today's configurations name no exchange and must keep recording USD-M");
    }

    [Test]
    public void OneSymbolOnTwoExchanges_IsTwoSymbols_AndSpotDefaultsLeaveOutWhatSpotHasNot()
    {
        var config = ConfigLoader.Parse("""
            modes:
              development:
                symbols:
                  - BTCUSDT
                  - symbol: BTCUSDT
                    exchange: binance-spot
                  - symbol: BTCUSD_PERP
                    exchange: binance-cm
            network:
              binance-spot:
                rest_url: http://127.0.0.1:9000
                rest_weight_budget: 5000
            """, "/tmp/config.yaml");

        Assert.That(config.Symbols.Select(s => s.Key), Is.EqualTo(new[] { "BTCUSDT", "binance-spot/BTCUSDT", "binance-cm/BTCUSD_PERP" }));
        var spot = config.FindSymbol("binance-spot/BTCUSDT")!;
        Assert.That(spot.Streams, Does.Not.Contain(StreamCatalog.MarkPrice).And.Not.Contain(StreamCatalog.ForceOrder).And.Contain(StreamCatalog.Depth));
        Assert.That(config.FindSymbol("binance-cm/BTCUSD_PERP")!.Streams, Does.Contain(StreamCatalog.MarkPrice));
        Assert.That(config.Network.MarketOf(ExchangeIds.BinanceSpot), Is.EqualTo(new MarketEndpoints(new Uri("http://127.0.0.1:9000"), MarketEndpoints.SpotDefaults.WsUrl, 5000)));
        Assert.That(config.Network.MarketOf(ExchangeIds.BinanceCoinM), Is.EqualTo(MarketEndpoints.CoinMDefaults));
    }

    [Test]
    public void BybitEntryWithoutStreams_GetsTheModesStreams_InBybitsTerms()
    {
        var config = ConfigLoader.Parse("""
            modes:
              development:
                streams: [aggtrade, depth, bookticker, kline_1m, markprice, forceorder]
                symbols:
                  - symbol: BTCUSDT
                    exchange: bybit-linear
                  - symbol: ETHUSDT
                    exchange: bybit-linear
                    streams: [trade, depth]
            network:
              bybit-linear:
                ws_url: ws://127.0.0.1:9000/v5/public/linear
            """, "/tmp/config.yaml");

        var bybit = config.FindSymbol("bybit-linear/BTCUSDT")!;
        Assert.That(bybit.Streams, Is.EqualTo(new[] { StreamCatalog.Trade, StreamCatalog.Depth, StreamCatalog.Ticker, StreamCatalog.Kline1m, StreamCatalog.ForceOrder }),
            "aggtrade is Bybit's trade; bookticker and markprice are its one ticker");
        Assert.That(config.FindSymbol("bybit-linear/ETHUSDT")!.Streams, Is.EqualTo(new[] { StreamCatalog.Trade, StreamCatalog.Depth }));
        Assert.That(config.Network.MarketOf(ExchangeIds.BybitLinear),
            Is.EqualTo(MarketEndpoints.BybitDefaults with { WsUrl = new Uri("ws://127.0.0.1:9000/v5/public/linear") }));
    }

    [TestCase("modes:\n  development:\n    symbols:\n      - {symbol: BTCUSDT, exchange: bybit-linear, streams: [aggtrade, depth]}\n",
        "config.yaml:4: modes.development.symbols.streams: bybit-linear has no aggtrade stream; allowed there: trade, kline_1m, depth, ticker, forceorder")]
    [TestCase("modes:\n  development:\n    symbols:\n      - {symbol: BTCUSDT, streams: [trade]}\n",
        "config.yaml:4: modes.development.symbols.streams: binance-um has no trade stream")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\nnetwork:\n  bybit-linear:\n    rest_weight_budget: 8000\n", "config.yaml:6: network.bybit-linear.rest_weight_budget: '8000' is not allowed")]
    [TestCase("modes:\n  development:\n    symbols:\n      - {symbol: BTCUSDT, exchange: binance-spot, streams: [aggtrade, markprice]}\n",
        "config.yaml:4: modes.development.symbols.streams: binance-spot has no markprice stream; allowed there: aggtrade, kline_1m, depth, bookticker")]
    [TestCase("modes:\n  development:\n    symbols:\n      - {symbol: BTCUSDT, exchange: binance-spot}\n      - {symbol: BTCUSDT, exchange: binance-spot}\n",
        "config.yaml:5: modes.development.symbols: BTCUSDT is listed twice for binance-spot")]
    [TestCase("modes:\n  development:\n    symbols: [_BTC]\n", "'_BTC' is not a Binance symbol")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\nnetwork:\n  binance-spot:\n    rest_weight_budget: 7000\n", "config.yaml:6: network.binance-spot.rest_weight_budget: '7000' is not allowed")]
    [TestCase("modes:\n  development:\n    symbols: [BTCUSDT]\nnetwork:\n  binance-cm:\n    ws: x\n", "config.yaml:6: network.binance-cm.ws: unknown key")]
    public void InvalidMarketConfig_NamesFileLineAndKey(string yaml, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "/somewhere/config.yaml"));
        Assert.That(e!.Message, Does.Contain(expected));
    }

    [Test]
    public void PointAt_PutsEveryMarketOnTheSimulatorsPort()
    {
        var config = ConfigLoader.Parse("modes:\n  development:\n    symbols: [BTCUSDT]\n", "/tmp/config.yaml");
        var pointed = ExchangeEndpoints.PointAt(config, new Uri("http://127.0.0.1:4567"));

        Assert.That(pointed.Network.MarketOf(ExchangeIds.BinanceSpot).WsUrl, Is.EqualTo(new Uri("ws://127.0.0.1:4567/spot")));
        Assert.That(pointed.Network.MarketOf(ExchangeIds.BinanceCoinM).WsUrl, Is.EqualTo(new Uri("ws://127.0.0.1:4567/cm")));
        Assert.That(pointed.Network.MarketOf(ExchangeIds.BinanceCoinM).RestUrl, Is.EqualTo(new Uri("http://127.0.0.1:4567")));
    }

    [Test]
    public void ShippedConfig_ProductionMappingEntry_NamesTheDefaultExchange()
    {
        var production = File.ReadAllText(ShippedConfig).Replace("mode: development", "mode: production", StringComparison.Ordinal);
        var config = ConfigLoader.Parse(production, ShippedConfig);

        Assert.That(config.Mode, Is.EqualTo("production"));
        Assert.That(config.FindSymbol("BNBUSDT")!.Exchange, Is.EqualTo(ExchangeIds.BinanceUsdM));
    }

    [TestCase("", CsvCompression.None)]
    [TestCase("  compress: false\n", CsvCompression.None)]
    [TestCase("  compress: true\n", CsvCompression.Gzip)]
    [TestCase("  compress: gzip\n", CsvCompression.Gzip)]
    [TestCase("  compress: zstd\n", CsvCompression.Zstd)]
    [TestCase("  compress: none\n", CsvCompression.None)]
    public void StorageCompress_KeepsTheOldBooleans(string storage, CsvCompression expected)
    {
        var config = ConfigLoader.Parse("modes:\n  development:\n    symbols: [BTCUSDT]\nstorage:\n" + storage, "/tmp/config.yaml");
        Assert.That(config.Storage.Compress, Is.EqualTo(expected));
    }

    [Test]
    public void StorageFormatLayoutAndSeal_DefaultToCsvFlatHour_AndParse()
    {
        var defaults = ConfigLoader.Parse("modes:\n  development:\n    symbols: [BTCUSDT]\n", "/tmp/config.yaml").Storage;
        Assert.That((defaults.Format, defaults.Layout, defaults.ParquetSeal), Is.EqualTo((StorageFormat.Csv, StorageLayout.Flat, ParquetSeal.Hour)));
        foreach (var (text, seal) in new[] { ("hour", ParquetSeal.Hour), ("stop", ParquetSeal.Stop), ("day", ParquetSeal.Day) })
        {
            Assert.That(ConfigLoader.Parse($"modes:\n  development:\n    symbols: [BTCUSDT]\nstorage:\n  parquet_seal: {text}\n", "/tmp/config.yaml").Storage.ParquetSeal, Is.EqualTo(seal), text);
        }

        var bad = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("modes:\n  development:\n    symbols: [BTCUSDT]\nstorage:\n  parquet_seal: minute\n", "/tmp/config.yaml"));
        Assert.That(bad!.Message, Does.Contain("storage.parquet_seal: 'minute' is not allowed; allowed: hour, stop, day"));
        var set = ConfigLoader.Parse("modes:\n  development:\n    symbols: [BTCUSDT]\nstorage:\n  format: parquet\n  layout: hive\n  parquet_seal: day\n", "/tmp/config.yaml").Storage;
        Assert.That((set.Format, set.Layout, set.ParquetSeal), Is.EqualTo((StorageFormat.Parquet, StorageLayout.Hive, ParquetSeal.Day)));
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("modes:\n  development:\n    symbols: [BTCUSDT]\nstorage:\n  format: orc\n", "/tmp/config.yaml"));
        Assert.That(e!.Message, Does.Contain("storage.format: 'orc' is not allowed; allowed: csv, parquet"));
        e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("modes:\n  development:\n    symbols: [BTCUSDT]\nstorage:\n  compress: lz4\n", "/tmp/config.yaml"));
        Assert.That(e!.Message, Does.Contain("storage.compress: 'lz4' is not allowed; allowed: gzip, zstd, none"));
    }

    [Test]
    public void HandoffBatch_Defaults10ms_AcceptsZero_AndBoundsTheWindow()
    {
        const string head = "modes:\n  development:\n    symbols: [BTCUSDT]\nstorage:\n";
        Assert.That(ConfigLoader.Parse(head, "/tmp/config.yaml").Storage.HandoffBatch, Is.EqualTo(TimeSpan.FromMilliseconds(10)));
        Assert.That(ConfigLoader.Load(ShippedConfig, checkDataDir: false).Storage.HandoffBatch, Is.EqualTo(TimeSpan.FromMilliseconds(10)), "config.yaml spells out the default");
        Assert.That(ConfigLoader.Parse(head + "  handoff_batch: 0ms\n", "/tmp/config.yaml").Storage.HandoffBatch, Is.EqualTo(TimeSpan.Zero));
        Assert.That(ConfigLoader.Parse(head + "  handoff_batch: 2ms\n", "/tmp/config.yaml").Storage.HandoffBatch, Is.EqualTo(TimeSpan.FromMilliseconds(2)));
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(head + "  handoff_batch: 5s\n", "/somewhere/config.yaml"));
        Assert.That(e!.Message, Does.Contain("config.yaml:5: storage.handoff_batch: 5s is out of range; allowed"));
    }

    [Test]
    public void UnwritableDataDir_IsAConfigError()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cfg-{Guid.NewGuid():N}.yaml");
        var blocker = Path.Combine(Path.GetTempPath(), $"blocker-{Guid.NewGuid():N}");
        File.WriteAllText(blocker, "a file where a directory should be");
        File.WriteAllText(file, $"modes:\n  development:\n    symbols: [BTCUSDT]\nstorage:\n  data_dir: {blocker}/data\n");
        try
        {
            var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(file));
            Assert.That(e!.Message, Does.Contain(":5: storage.data_dir:").And.Contain("is not a writable directory"));
        }
        finally
        {
            File.Delete(file);
            File.Delete(blocker);
        }
    }

    [Test]
    public void MissingFile_SaysHowToNameAnother()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load("/nonexistent/streamer.yaml"));
        Assert.That(e!.Message, Does.Contain("not found").And.Contain("-c"));
    }

    [TestCase("250ms", 250)]
    [TestCase("10s", 10_000)]
    [TestCase("5m", 300_000)]
    [TestCase("1.5s", 1500)]
    [TestCase("2h", 7_200_000)]
    public void Durations_ParseUnits(string text, double ms)
    {
        Assert.That(Durations.TryParse(text, out var value), Is.True);
        Assert.That(value.TotalMilliseconds, Is.EqualTo(ms));
        Assert.That(Durations.TryParse(Durations.Format(value), out var again) && again == value, Is.True);
    }

    [TestCase("10")]
    [TestCase("s")]
    [TestCase("10 parsecs")]
    [TestCase("")]
    public void Durations_RejectNonsense(string text) => Assert.That(Durations.TryParse(text, out _), Is.False);
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Streamer.Core.Exchanges;
using Streamer.Core.Streams;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Streamer.Core.Configuration;

/// <summary>
/// Reads and validates <c>config.yaml</c>. Every key has a default here (the shipped file documents
/// them); every error is a <see cref="ConfigException"/> naming file, line and key.
/// </summary>
public static partial class ConfigLoader
{
    /// <summary>Streams recorded for a bare symbol name when the mode does not list its own.</summary>
    public static readonly IReadOnlyList<string> DefaultStreams = ["aggtrade", "depth", "bookticker", "kline_1m", "markprice", "forceorder"];

    /// <summary>Loads <paramref name="path"/>; relative paths in it are resolved against the file's folder.</summary>
    /// <param name="path">File to read.</param>
    /// <param name="checkDataDir">Also prove that <c>storage.data_dir</c> can be created and written.</param>
    public static StreamerConfig Load(string path, bool checkDataDir = true)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ConfigException($"{path}: configuration file not found (use -c to name another file)");
        }

        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the configuration file: {e.Message}");
        }

        return Parse(text, full, checkDataDir);
    }

    /// <summary>Parses configuration text; <paramref name="file"/> is used in messages and to resolve relative paths.</summary>
    public static StreamerConfig Parse(string yaml, string file, bool checkDataDir = false)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var display = System.IO.Path.GetFileName(file);
        var baseDir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file)) ?? Directory.GetCurrentDirectory();
        YamlMappingNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
            if (stream.Documents.Count > 0 && root is null && stream.Documents[0].RootNode is not YamlScalarNode { Value: null or "" })
            {
                throw ConfigException.At(display, stream.Documents[0].RootNode.Start.Line, "(top level)", "must be a mapping of keys such as mode:, modes:, storage:");
            }
        }
        catch (YamlException e)
        {
            throw ConfigException.At(display, e.Start.Line, "(syntax)", "not valid YAML: " + FirstLine(e.InnerException?.Message ?? e.Message));
        }

        var top = new YamlSection(display, "", root, 1);
        var mode = top.String("mode", "development");
        var symbols = ReadModes(top, mode);
        var network = ReadNetwork(top.Section("network"));
        var storage = ReadStorage(top.Section("storage"), baseDir, checkDataDir);
        var orderBook = ReadOrderBook(top.Section("orderbook"));
        var supervisor = ReadSupervisor(top.Section("supervisor"));
        var metrics = ReadMetrics(top.Section("metrics"));
        var daemon = ReadDaemon(top.Section("daemon"), baseDir);
        var logging = ReadLogging(top.Section("logging"));
        var history = ReadHistory(top.Section("history"));
        var upload = UploadSection.Read(top.Section("upload"));
        top.RejectUnknownKeys();
        return new StreamerConfig(file, mode, symbols, network, storage, orderBook, supervisor, metrics, daemon, logging) { History = history, Upload = upload };
    }

    private static List<SymbolConfig> ReadModes(YamlSection top, string mode)
    {
        var modesNode = top.Raw("modes");
        if (modesNode is not YamlMappingNode modes)
        {
            throw top.Error(modesNode, "modes", "must be a mapping of mode names (development, production) to their symbols");
        }

        YamlMappingNode? selected = null;
        var names = new List<string>();
        foreach (var (k, v) in modes.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            names.Add(name);
            if (name == mode)
            {
                selected = v as YamlMappingNode ?? throw ConfigException.At(top.File, v.Start.Line, "modes." + name, "must be a mapping with a symbols: list");
            }
        }

        if (selected is null)
        {
            throw top.Error(top.Raw("mode"), "mode", $"'{mode}' has no section under modes; defined modes: {string.Join(", ", names)}");
        }

        var section = new YamlSection(top.File, "modes." + mode, selected, selected.Start.Line);
        var defaultStreams = ReadStreams(section, "streams", DefaultStreams);
        var defaultSnapshot = section.Bool("depth_snapshot", true);
        var list = section.Raw("symbols");
        if (list is not YamlSequenceNode seq)
        {
            throw section.Error(list, "symbols", "must be a list of symbols (- BTCUSDT, or - {symbol: BTCUSDT, streams: [...], exchange: binance-um})");
        }

        section.RejectUnknownKeys();
        var result = new List<SymbolConfig>();
        foreach (var item in seq.Children)
        {
            var symbol = item switch
            {
                YamlScalarNode s => new SymbolConfig(CheckSymbol(section, s, s.Value), defaultStreams, defaultSnapshot, true),
                // The mode's default streams apply to a mapping only as far as its exchange publishes them.
                YamlMappingNode m => ReadSymbol(new YamlSection(top.File, section.KeyPath("symbols"), m, m.Start.Line), defaultStreams, defaultSnapshot),
                _ => throw section.Error(item, "symbols", "each entry must be a symbol name or a mapping with symbol:"),
            };
            if (result.Any(r => r.Key == symbol.Key))
            {
                throw section.Error(item, "symbols", $"{symbol.Symbol} is listed twice for {symbol.Exchange}");
            }

            result.Add(symbol);
        }

        return result;
    }

    private static SymbolConfig ReadSymbol(YamlSection s, IReadOnlyList<StreamInfo> defaultStreams, bool defaultSnapshot)
    {
        var raw = s.Raw("symbol");
        if (raw is not YamlScalarNode name)
        {
            throw s.Error(raw, "symbol", "is required in a symbol mapping, e.g. symbol: BTCUSDT");
        }

        var symbol = CheckSymbol(s, name, name.Value);
        var exchange = ReadExchange(s);
        var streams = s.Raw("streams") is null
            ? [.. ExchangeStreams.DefaultsOf(exchange, defaultStreams)]
            : ReadStreams(s, "streams", []);
        if (streams.FirstOrDefault(x => !ExchangeStreams.Supports(exchange, x)) is { } unsupported)
        {
            throw s.Error(s.Raw("streams"), "streams", $"{exchange} has no {unsupported.ConfigName} stream; allowed there: "
                + string.Join(", ", ExchangeStreams.Of(exchange).Select(x => x.ConfigName)));
        }

        var snapshot = s.Bool("depth_snapshot", defaultSnapshot);
        var enabled = s.Bool("enabled", true);
        s.RejectUnknownKeys();
        return new SymbolConfig(symbol, streams, snapshot, enabled) { Exchange = exchange };
    }

    // Only a mapping entry names its exchange: a bare name is the default exchange, as it always was.
    private static string ReadExchange(YamlSection s)
    {
        var exchange = s.String("exchange", ExchangeIds.Default).Trim();
        if (!ExchangeIds.IsKnown(exchange))
        {
            throw s.Error(s.Raw("exchange"), "exchange", $"'{exchange}' is not a known exchange; allowed: {string.Join(", ", ExchangeIds.Known)}");
        }

        return exchange;
    }

    private static string CheckSymbol(YamlSection s, YamlNode node, string? value)
    {
        var symbol = (value ?? "").Trim();
        if (!SymbolPattern().IsMatch(symbol))
        {
            throw s.Error(node, "symbols", $"'{symbol}' is not a Binance symbol; expected upper-case letters and digits such as BTCUSDT (COIN-M: BTCUSD_PERP)");
        }

        return symbol;
    }

    private static List<StreamInfo> ReadStreams(YamlSection s, string key, IReadOnlyList<string> fallback)
    {
        var raw = s.Raw(key);
        IEnumerable<(string Name, YamlNode? Node)> names = raw switch
        {
            null => fallback.Select(f => (f, (YamlNode?)null)),
            YamlSequenceNode seq => seq.Children.Select(c => ((c as YamlScalarNode)?.Value ?? "", (YamlNode?)c)),
            _ => throw s.Error(raw, key, "must be a list, e.g. [aggtrade, depth, bookticker]"),
        };
        var result = new List<StreamInfo>();
        foreach (var (name, node) in names)
        {
            if (!StreamCatalog.TryGet(name, out var info) || info.Route == WsRoute.None)
            {
                var allowed = string.Join(", ", StreamCatalog.Subscribable.Select(x => x.ConfigName));
                throw s.Error(node ?? raw, key, $"unknown stream '{name}'; allowed: {allowed}");
            }

            if (!result.Contains(info))
            {
                result.Add(info);
            }
        }

        if (result.Count == 0)
        {
            throw s.Error(raw, key, "lists no stream; name at least one");
        }

        return result;
    }

    private static NetworkConfig ReadNetwork(YamlSection s)
    {
        var config = new NetworkConfig(
            RestUrl: s.Url("rest_url", "https://fapi.binance.com", "https", "http"),
            PublicWsUrl: s.Url("public_ws_url", "wss://fstream.binance.com/public", "wss", "ws"),
            MarketWsUrl: s.Url("market_ws_url", "wss://fstream.binance.com/market", "wss", "ws"),
            ConnectTimeout: s.Duration("connect_timeout", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
            RequestTimeout: s.Duration("request_timeout", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
            ReconnectMinDelay: s.Duration("reconnect_min_delay", TimeSpan.FromMilliseconds(500), TimeSpan.Zero, TimeSpan.FromMinutes(10)),
            ReconnectMaxDelay: s.Duration("reconnect_max_delay", TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.FromHours(1)),
            HealthyConnection: s.Duration("healthy_connection", TimeSpan.FromSeconds(60), TimeSpan.Zero, TimeSpan.FromHours(1)),
            SilenceTimeout: s.Duration("silence_timeout", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            ConnectionLifetime: s.Duration("connection_lifetime", TimeSpan.FromHours(23), TimeSpan.FromSeconds(1), TimeSpan.FromHours(24)),
            DepthSpeed: s.Choice("depth_speed", StreamCatalog.DefaultDepthSpeed, "0ms", "100ms", "250ms", "500ms"),
            RestWeightBudget: s.Int("rest_weight_budget", 1800, 10, 2400))
        {
            CoinM = ReadMarket(s.Section(ExchangeIds.BinanceCoinM), ExchangeIds.BinanceCoinM, MarketEndpoints.CoinMDefaults),
            Spot = ReadMarket(s.Section(ExchangeIds.BinanceSpot), ExchangeIds.BinanceSpot, MarketEndpoints.SpotDefaults),
            Bybit = ReadMarket(s.Section(ExchangeIds.BybitLinear), ExchangeIds.BybitLinear, MarketEndpoints.BybitDefaults),
        };
        if (config.ReconnectMaxDelay < config.ReconnectMinDelay)
        {
            throw s.Error(s.Raw("reconnect_max_delay"), "reconnect_max_delay", "must not be shorter than reconnect_min_delay");
        }

        s.RejectUnknownKeys();
        return config;
    }

    /// <summary><c>network.{exchange}</c>: a market's own URLs and weight budget.</summary>
    private static MarketEndpoints ReadMarket(YamlSection s, string exchange, MarketEndpoints defaults)
    {
        var market = new MarketEndpoints(
            RestUrl: s.Url("rest_url", defaults.RestUrl.ToString(), "https", "http"),
            WsUrl: s.Url("ws_url", defaults.WsUrl.ToString(), "wss", "ws"),
            RestWeightBudget: s.Int("rest_weight_budget", defaults.RestWeightBudget, 10, MarketEndpoints.WeightLimitOf(exchange)));
        s.RejectUnknownKeys();
        return market;
    }

    private static StorageConfig ReadStorage(YamlSection s, string baseDir, bool checkDataDir)
    {
        var dataDirText = s.String("data_dir", "./data");
        var dataDir = System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, dataDirText));
        var config = new StorageConfig(
            DataDir: dataDir,
            FlushInterval: s.Duration("flush_interval", TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1)),
            FsyncInterval: s.Duration("fsync_interval", TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromHours(1)),
            FsyncRows: s.Int("fsync_rows", 100_000, 0, int.MaxValue),
            Compress: ReadCompression(s),
            CloseGrace: s.Duration("close_grace", TimeSpan.FromMinutes(10), TimeSpan.Zero, TimeSpan.FromDays(2)),
            KlineAllUpdates: s.Bool("kline_all_updates", false),
            WorkerBufferBytes: s.Long("worker_buffer_bytes", 64L << 20, 1L << 20, 16L << 30),
            HandoffMemoryBytes: s.Long("handoff_memory_bytes", 4L << 20, 64L << 10, 16L << 30))
        {
            HandoffBatch = s.Duration("handoff_batch", TimeSpan.FromMilliseconds(10), TimeSpan.Zero, TimeSpan.FromSeconds(1)),
            Format = s.Choice("format", "csv", "csv", "parquet") == "parquet" ? StorageFormat.Parquet : StorageFormat.Csv,
            Layout = s.Choice("layout", "flat", "flat", "hive") == "hive" ? StorageLayout.Hive : StorageLayout.Flat,
            ParquetSeal = s.Choice("parquet_seal", "hour", "hour", "stop", "day") switch
            {
                "stop" => ParquetSeal.Stop,
                "day" => ParquetSeal.Day,
                _ => ParquetSeal.Hour,
            },
        };
        if (checkDataDir)
        {
            CheckWritable(s, dataDir, dataDirText);
        }

        s.RejectUnknownKeys();
        return config;
    }

    // compress was a boolean meaning gzip; true/false keep working.
    private static CsvCompression ReadCompression(YamlSection s) =>
        s.String("compress", "none").ToLowerInvariant() switch
        {
            "none" or "false" or "no" or "off" => CsvCompression.None,
            "gzip" or "true" or "yes" or "on" => CsvCompression.Gzip,
            "zstd" => CsvCompression.Zstd,
            var text => throw s.Error(s.Raw("compress"), "compress", $"'{text}' is not allowed; allowed: gzip, zstd, none (true = gzip, false = none)"),
        };

    private static void CheckWritable(YamlSection s, string dataDir, string text)
    {
        try
        {
            Directory.CreateDirectory(dataDir);
            var probe = System.IO.Path.Combine(dataDir, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw s.Error(s.Raw("data_dir"), "data_dir", $"'{text}' ({dataDir}) is not a writable directory: {e.Message}");
        }
    }

    private static OrderBookConfig ReadOrderBook(YamlSection s)
    {
        var config = new OrderBookConfig(
            Enabled: s.Bool("enabled", false),
            Depth: s.Int("depth", 20, 1, 1000),
            Interval: s.Duration("interval", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)));
        s.RejectUnknownKeys();
        return config;
    }

    /// <summary>One worker process holds at most this many symbols (each has its own connections and writer link).</summary>
    public const int MaxSymbolsPerWorker = 100;

    private static SupervisorConfig ReadSupervisor(YamlSection s)
    {
        var config = new SupervisorConfig(
            RestartMinDelay: s.Duration("restart_min_delay", TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromHours(1)),
            RestartMaxDelay: s.Duration("restart_max_delay", TimeSpan.FromSeconds(60), TimeSpan.Zero, TimeSpan.FromHours(1)),
            HealthyUptime: s.Duration("healthy_uptime", TimeSpan.FromSeconds(60), TimeSpan.Zero, TimeSpan.FromDays(1)),
            CrashLoopRestarts: s.Int("crash_loop_restarts", 5, 1, 1000),
            CrashLoopWindow: s.Duration("crash_loop_window", TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            CrashLoopDelay: s.Duration("crash_loop_delay", TimeSpan.FromMinutes(5), TimeSpan.Zero, TimeSpan.FromDays(1)),
            StopTimeout: s.Duration("stop_timeout", TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            StartStagger: s.Duration("start_stagger", TimeSpan.FromMilliseconds(100), TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            SymbolsPerWorker: s.Int("symbols_per_worker", 1, 1, MaxSymbolsPerWorker),
            CriticalRestartMaxDelay: s.Duration("critical_restart_max_delay", TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)));
        if (config.RestartMaxDelay < config.RestartMinDelay)
        {
            throw s.Error(s.Raw("restart_max_delay"), "restart_max_delay", "must not be shorter than restart_min_delay");
        }

        s.RejectUnknownKeys();
        return config;
    }

    private static MetricsConfig ReadMetrics(YamlSection s)
    {
        var enabled = s.Bool("enabled", true);
        var listen = s.String("listen", "127.0.0.1:9464");
        var colon = listen.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(listen.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw s.Error(s.Raw("listen"), "listen", $"'{listen}' is not host:port, e.g. 127.0.0.1:9464 (port 0 picks a free one)");
        }

        s.RejectUnknownKeys();
        return new MetricsConfig(enabled, listen);
    }

    private static DaemonConfig ReadDaemon(YamlSection s, string baseDir)
    {
        var config = new DaemonConfig(
            PidFile: System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, s.String("pid_file", "./streamer.pid"))),
            LogFile: System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDir, s.String("log_file", "./streamer.log"))),
            LogMaxBytes: s.Long("log_max_bytes", DaemonConfig.DefaultLogMaxBytes, 1024, 1L << 40),
            LogKeep: s.Int("log_keep", DaemonConfig.DefaultLogKeep, 1, 100));
        s.RejectUnknownKeys();
        return config;
    }

    private static HistoryConfig ReadHistory(YamlSection s)
    {
        var config = new HistoryConfig(s.Url("base_url", HistoryConfig.DefaultBaseUrl.OriginalString, "https", "http"));
        s.RejectUnknownKeys();
        return config;
    }

    private static LoggingConfig ReadLogging(YamlSection s)
    {
        var level = s.Choice("level", "info", "trace", "debug", "info", "warning", "error");
        s.RejectUnknownKeys();
        return new LoggingConfig(level switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => LogLevel.Information,
        });
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    // COIN-M contracts hold an underscore (BTCUSD_PERP, BTCUSD_251226); never first or last.
    [GeneratedRegex("^[A-Z0-9](?:[A-Z0-9_]{0,28}[A-Z0-9])?$")]
    private static partial Regex SymbolPattern();
}

using Streamer.Core.Exchanges;
using Streamer.Core.Streams;

namespace Streamer.Core.Configuration;

/// <summary>The whole validated <c>config.yaml</c> (DESIGN section 5). Defaults live in <see cref="ConfigLoader"/>.</summary>
/// <param name="SourcePath">Full path of the file it was read from (empty when built in code).</param>
/// <param name="Mode">Selected mode (a key under <c>modes</c>).</param>
/// <param name="Symbols">Every symbol of the selected mode, enabled or not, in file order.</param>
public sealed record StreamerConfig(
    string SourcePath,
    string Mode,
    IReadOnlyList<SymbolConfig> Symbols,
    NetworkConfig Network,
    StorageConfig Storage,
    OrderBookConfig OrderBook,
    SupervisorConfig Supervisor,
    MetricsConfig Metrics,
    DaemonConfig Daemon,
    LoggingConfig Logging)
{
    /// <summary>Where <c>streamer history</c> downloads Binance's public dumps from.</summary>
    public HistoryConfig History { get; init; } = new(HistoryConfig.DefaultBaseUrl);

    /// <summary>Upload of sealed files to an S3-compatible store (<c>upload:</c>).</summary>
    public UploadConfig Upload { get; init; } = UploadConfig.Disabled;

    /// <summary>Symbols with <c>enabled: true</c>: one worker each.</summary>
    public IEnumerable<SymbolConfig> EnabledSymbols => Symbols.Where(s => s.Enabled);

    /// <summary>The configuration of the symbol with <paramref name="key"/> (<see cref="SymbolConfig.Key"/>), or null.</summary>
    public SymbolConfig? FindSymbol(string key) =>
        Symbols.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.Ordinal));
}

/// <summary>One symbol to record.</summary>
/// <param name="Symbol">Upper-case Binance symbol, e.g. BTCUSDT.</param>
/// <param name="Streams">Streams subscribed for it.</param>
/// <param name="DepthSnapshot">Fetch and record REST depth snapshots (needed to rebuild books from <c>depth</c>).</param>
/// <param name="Enabled">Whether a worker runs for it.</param>
public sealed record SymbolConfig(string Symbol, IReadOnlyList<StreamInfo> Streams, bool DepthSnapshot, bool Enabled)
{
    /// <summary>The market it is recorded from (<c>exchange:</c>, one of <see cref="ExchangeIds.Known"/>); <see cref="ExchangeIds.Default"/> unless named.</summary>
    public string Exchange { get; init; } = ExchangeIds.Default;

    /// <summary>What names this symbol's worker, journal and status (<see cref="ExchangePaths.Key"/>): the symbol itself on the default exchange.</summary>
    public string Key => ExchangePaths.Key(Exchange, Symbol);

    /// <summary>True when <paramref name="stream"/> is subscribed.</summary>
    public bool Has(StreamInfo stream) => Streams.Contains(stream);
}

/// <summary>Where the exchange is and how to stay connected to it.</summary>
public sealed record NetworkConfig(
    Uri RestUrl,
    Uri PublicWsUrl,
    Uri MarketWsUrl,
    TimeSpan ConnectTimeout,
    TimeSpan RequestTimeout,
    TimeSpan ReconnectMinDelay,
    TimeSpan ReconnectMaxDelay,
    TimeSpan HealthyConnection,
    TimeSpan SilenceTimeout,
    TimeSpan ConnectionLifetime,
    string DepthSpeed,
    int RestWeightBudget)
{
    /// <summary>
    /// Where the markets other than USD-M are (<c>network.binance-cm</c>, <c>network.binance-spot</c>), by exchange id.
    /// USD-M keeps the top-level keys (<see cref="RestUrl"/>, <see cref="PublicWsUrl"/>, <see cref="MarketWsUrl"/>,
    /// <see cref="RestWeightBudget"/>), so every existing configuration means what it meant. Timeouts, backoff,
    /// silence and lifetime are the same for every market.
    /// </summary>
    /// <remarks>Two properties rather than a dictionary so that the record compares by value: a reload compares sections.</remarks>
    public MarketEndpoints CoinM { get; init; } = MarketEndpoints.CoinMDefaults;

    /// <summary><c>network.binance-spot</c>.</summary>
    public MarketEndpoints Spot { get; init; } = MarketEndpoints.SpotDefaults;

    /// <summary><c>network.bybit-linear</c>.</summary>
    public MarketEndpoints Bybit { get; init; } = MarketEndpoints.BybitDefaults;

    /// <summary>The endpoints of <paramref name="exchange"/> (not USD-M, whose are the top-level keys).</summary>
    /// <exception cref="ArgumentException">No such market.</exception>
    public MarketEndpoints MarketOf(string exchange) => exchange switch
    {
        ExchangeIds.BinanceCoinM => CoinM,
        ExchangeIds.BinanceSpot => Spot,
        ExchangeIds.BybitLinear => Bybit,
        _ => throw new ArgumentException($"no endpoints for exchange '{exchange}'", nameof(exchange)),
    };

    /// <summary>This configuration with <paramref name="exchange"/>'s endpoints replaced.</summary>
    public NetworkConfig WithMarket(string exchange, MarketEndpoints endpoints) => exchange switch
    {
        ExchangeIds.BinanceCoinM => this with { CoinM = endpoints },
        ExchangeIds.BinanceSpot => this with { Spot = endpoints },
        ExchangeIds.BybitLinear => this with { Bybit = endpoints },
        _ => throw new ArgumentException($"no endpoints for exchange '{exchange}'", nameof(exchange)),
    };

    /// <summary>The exchanges of <see cref="MarketOf"/>.</summary>
    public static IReadOnlyList<string> OtherMarkets { get; } = [ExchangeIds.BinanceCoinM, ExchangeIds.BinanceSpot, ExchangeIds.BybitLinear];
}

/// <summary>One market's endpoints (<c>network.{exchange}</c>).</summary>
/// <param name="RestUrl">REST base URL (the market's API paths, <c>/dapi/v1</c> or <c>/api/v3</c>, are appended).</param>
/// <param name="WsUrl">WebSocket base URL: the one connection kind of the market carries every stream (<c>{ws_url}/stream?streams=</c>).</param>
/// <param name="RestWeightBudget">REST weight per minute shared by all workers of the machine for this market (its own per-IP limit).</param>
public sealed record MarketEndpoints(Uri RestUrl, Uri WsUrl, int RestWeightBudget)
{
    /// <summary>Binance COIN-M futures (dapi, dstream): weight limit 2400 per minute per IP.</summary>
    public static MarketEndpoints CoinMDefaults { get; } = new(new Uri("https://dapi.binance.com"), new Uri("wss://dstream.binance.com"), 1800);

    /// <summary>Binance spot (api, stream): weight limit 6000 per minute per IP.</summary>
    public static MarketEndpoints SpotDefaults { get; } = new(new Uri("https://api.binance.com"), new Uri("wss://stream.binance.com:9443"), 4500);

    /// <summary>
    /// Bybit linear (v5 <c>api.bybit.com</c>, <c>stream.bybit.com/v5/public/linear</c>, whose URL is the connection
    /// itself: topics are subscribed by message). Bybit limits requests, not weights: 600 per 5 s per IP, so the
    /// budget counts requests per minute (limit 7200), with a wide margin by default.
    /// </summary>
    public static MarketEndpoints BybitDefaults { get; } = new(new Uri("https://api.bybit.com"), new Uri("wss://stream.bybit.com/v5/public/linear"), 1200);

    /// <summary>The largest budget each market's exchange allows per minute (per IP).</summary>
    public static int WeightLimitOf(string exchange) => exchange switch
    {
        ExchangeIds.BinanceSpot => 6000,
        ExchangeIds.BybitLinear => 7200,
        _ => 2400,
    };
}

/// <summary>Files, durability and rotation.</summary>
public sealed record StorageConfig(
    string DataDir,
    TimeSpan FlushInterval,
    TimeSpan FsyncInterval,
    int FsyncRows,
    CsvCompression Compress,
    TimeSpan CloseGrace,
    bool KlineAllUpdates,
    long WorkerBufferBytes,
    long HandoffMemoryBytes)
{
    /// <summary><c>storage.format</c>.</summary>
    public StorageFormat Format { get; init; }

    /// <summary><c>storage.layout</c> of sealed Parquet files.</summary>
    public StorageLayout Layout { get; init; }

    /// <summary><c>storage.parquet_seal</c>.</summary>
    public ParquetSeal ParquetSeal { get; init; }

    /// <summary>
    /// <c>storage.handoff_batch</c>: how long a worker lets rows gather before one pipe write to the writer (zero:
    /// each frame at once). Adds at most this to the latency; saves a system call and a writer wake-up per frame.
    /// </summary>
    public TimeSpan HandoffBatch { get; init; }

    /// <summary>
    /// Memory bound of one writer link (a symbol of a worker, or of the order book) when a process runs
    /// <paramref name="links"/> of them: <see cref="HandoffMemoryBytes"/> is per process, so a group of symbols does
    /// not multiply it; beyond it frames go to the source's journal on disk.
    /// </summary>
    public long HandoffMemoryPerLink(int links) => Math.Max(64L << 10, HandoffMemoryBytes / Math.Max(1, links));
}

/// <summary>The optional order book process.</summary>
public sealed record OrderBookConfig(bool Enabled, int Depth, TimeSpan Interval);

/// <summary>Restart policy of child processes.</summary>
public sealed record SupervisorConfig(
    TimeSpan RestartMinDelay,
    TimeSpan RestartMaxDelay,
    TimeSpan HealthyUptime,
    int CrashLoopRestarts,
    TimeSpan CrashLoopWindow,
    TimeSpan CrashLoopDelay,
    TimeSpan StopTimeout,
    TimeSpan StartStagger,
    int SymbolsPerWorker = 1,
    TimeSpan? CriticalRestartMaxDelay = null)
{
    /// <summary>
    /// Cap of the restart delay of the writer and the order book, crash loop or not: every worker's rows wait for
    /// them, so they are never held down for minutes (<c>supervisor.critical_restart_max_delay</c>, 2 s).
    /// </summary>
    public TimeSpan CriticalRestartCap => CriticalRestartMaxDelay ?? TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a stopping child waits for the writer to acknowledge its rows before it journals the rest: the
    /// stop timeout less the time journalling and exiting take, so the supervisor never has to kill it mid-way.
    /// </summary>
    public TimeSpan ChildDrainTimeout => StopTimeout > TimeSpan.FromSeconds(4) ? StopTimeout - TimeSpan.FromSeconds(3) : StopTimeout / 2;
}

/// <summary>The Prometheus endpoint.</summary>
public sealed record MetricsConfig(bool Enabled, string Listen);

/// <summary>Where a daemon keeps its pid and log, and how big its log may grow.</summary>
/// <param name="PidFile">The pid file.</param>
/// <param name="LogFile">The log file.</param>
/// <param name="LogMaxBytes">Past this size the log is rotated (<c>streamer.log</c> → <c>streamer.log.1</c>).</param>
/// <param name="LogKeep">Rotated logs kept (<c>.1</c> … <c>.N</c>); older ones are deleted.</param>
public sealed record DaemonConfig(string PidFile, string LogFile, long LogMaxBytes = DaemonConfig.DefaultLogMaxBytes, int LogKeep = DaemonConfig.DefaultLogKeep)
{
    /// <summary>64 MiB: a month and more of a busy recorder's log.</summary>
    public const long DefaultLogMaxBytes = 64L << 20;

    /// <summary>Rotated logs kept by default.</summary>
    public const int DefaultLogKeep = 5;
}

/// <summary>Binance's public historical dumps (<c>streamer history</c>).</summary>
/// <param name="BaseUrl">Base of the <c>data/futures/um/...</c> tree.</param>
public sealed record HistoryConfig(Uri BaseUrl)
{
    /// <summary>Binance's own dump server.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://data.binance.vision");
}

/// <summary>Log verbosity.</summary>
public sealed record LoggingConfig(Microsoft.Extensions.Logging.LogLevel Level);

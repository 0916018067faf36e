using Streamer.Simulator.Clock;
using Streamer.Simulator.Truth;
using Streamer.Simulator.WebSockets;
using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Market;

/// <summary>
/// The generated market of one symbol: a discrete-event simulation on exchange time. Event times
/// come from the symbol's own seeded generator, and the engine processes them whenever the clock
/// has passed them, so the event sequence (times included, given a fixed start) depends only on the
/// seed and options — not on machine speed, nor on who is connected. It runs from start to stop
/// whether or not anyone listens, so trades missed by a disconnected client exist for backfill.
/// </summary>
internal sealed partial class MarketEngine
{
    private const long Second = 1_000_000;
    private const long Minute = 60 * Second;
    private const int BatchBudget = 20_000;

    private readonly object _sync = new();
    private readonly MarketProfile _profile;
    private readonly IMarketFormat _format;
    private readonly SymbolSpec _spec;
    private readonly SimulationClock _clock;
    private readonly Prng _rng;
    private readonly BookSide _bids = new(isBid: true);
    private readonly BookSide _asks = new(isBid: false);
    private readonly PayloadWriter _writer = new(8192);
    private readonly List<LevelChange> _changes = [];
    private readonly double _baseRate;
    private readonly double _burstMultiplier;
    private readonly double _meanMicrosBetweenBursts;
    private readonly AggTradeHistory _aggTrades;
    private readonly Queue<Candle> _closedCandles = new();
    private readonly int _klineHistory;
    private readonly Candle _candle = new();
    private readonly DepthWindow? _depthNow;
    private readonly DepthWindow[] _depthTimed;
    private readonly StreamChannel _aggTradeChannel;
    private readonly StreamChannel _tradeChannel;
    private readonly StreamChannel _bookTickerChannel;
    private readonly StreamChannel _klineChannel;
    private readonly StreamChannel _markPriceChannel;
    private readonly StreamChannel _markPrice1sChannel;
    private readonly StreamChannel _forceOrderChannel;
    private readonly StreamChannel? _allForceOrdersChannel;
    private readonly TruthFile? _aggTradeTruth;
    private readonly TruthFile? _tradeTruth;
    private readonly TruthFile? _bookTickerTruth;
    private readonly TruthFile? _klineTruth;
    private readonly TruthFile? _markPriceTruth;
    private readonly TruthFile? _forceOrderTruth;
    private readonly TruthFile? _withheldTruth;

    private long _transactions;
    private long _lastUpdateId;
    private long _nextAggTradeId;
    private long _nextTradeId;
    private long _lastTransactionTime;
    private long _lastEventTime;
    private long _lastForceOrderTime = long.MinValue / 2;
    private long _nextTransactionMicros;
    private long _nextMarkMicros;
    private long _nextMinuteMicros;
    private long _nextKlineUpdateMicros;
    private long _nextBurstToggleMicros;
    private bool _inBurst;
    private double _rate;

    /// <summary>Multiplies the rate (market heating up or calming down); changed under <see cref="_sync"/>.</summary>
    private double _rateScale = 1;
    private bool _klineDirty;
    private volatile bool _paused;
    private volatile bool _tradesPaused;

    public MarketEngine(
        SymbolSpec spec, SimulatorOptions options, SimulationClock clock, StreamRegistry streams,
        TruthRecorder? truth, StreamChannel? allForceOrders)
        : this(MarketProfile.UsdM, spec, options, clock, streams, truth, allForceOrders)
    {
    }

    public MarketEngine(
        MarketProfile profile, SymbolSpec spec, SimulatorOptions options, SimulationClock clock, StreamRegistry streams,
        TruthRecorder? truth, StreamChannel? allForceOrders)
    {
        _profile = profile;
        _format = profile.Format;
        _spec = spec;
        _clock = clock;
        _rng = new Prng(Prng.SeedFor(options.Seed, profile.SeedName(spec.Symbol)));
        _baseRate = options.RateFor(spec.Symbol);
        _rate = _baseRate;
        _burstMultiplier = options.BurstMultiplier;
        _meanMicrosBetweenBursts = options.MeanTimeBetweenBursts.TotalMicroseconds;
        _aggTrades = new AggTradeHistory(options.AggTradeHistory);
        _klineHistory = options.KlineHistory;
        _allForceOrdersChannel = allForceOrders;

        var s = spec.Lower;
        var folder = profile.TruthFolder(spec.Symbol);
        // A stream the market does not have gets a channel nobody can find (so never a subscriber) and no truth.
        StreamChannel Channel(string type, bool exists = true) => exists
            ? streams.Create(profile.RouteOf(type), $"{s}@{type}")
            : new StreamChannel(profile.RouteOf(type), $"{s}@{type}");
        TruthFile? Truth(string file, bool exists = true) => exists ? truth?.Open(folder, file) : null;

        _aggTradeChannel = Channel("aggTrade");
        _tradeChannel = Channel("trade", profile.HasTrade);
        _klineChannel = Channel("kline_1m");
        _markPriceChannel = Channel("markPrice", profile.HasMarkPrice);
        _markPrice1sChannel = Channel("markPrice@1s", profile.HasMarkPrice);
        _forceOrderChannel = Channel("forceOrder", profile.HasForceOrder);
        _bookTickerChannel = Channel("bookTicker");

        _aggTradeTruth = Truth("aggTrade.jsonl");
        _tradeTruth = Truth("trade.jsonl", profile.HasTrade);
        _klineTruth = Truth("kline_1m.jsonl");
        _markPriceTruth = Truth("markPrice.jsonl", profile.HasMarkPrice);
        _forceOrderTruth = Truth("forceOrder.jsonl", profile.HasForceOrder);
        _bookTickerTruth = Truth("bookTicker.jsonl");
        _withheldTruth = Truth("depth-withheld.jsonl");

        // Realistic magnitudes for ids, different per symbol but fixed by the seed.
        _lastUpdateId = profile.ConsecutiveUpdateIds
            ? 50_000_000_000 + _rng.NextLong(50_000_000_000)
            : 5_000_000_000_000 + _rng.NextLong(1_000_000_000_000);
        _nextAggTradeId = 1_000_000_000 + _rng.NextLong(1_000_000_000);
        _nextTradeId = 3_000_000_000 + _rng.NextLong(3_000_000_000);
        FirstAggTradeId = _nextAggTradeId;
        FirstTradeId = _nextTradeId;

        // Every book change: a stream on USD-M; elsewhere only the ground truth the true book is rebuilt from.
        var depthNowTruth = truth?.Open(folder, "depth@0ms.jsonl");
        _depthNow = profile.ServesDepthNow || depthNowTruth is not null
            ? new DepthWindow(0, Channel("depth@0ms", profile.ServesDepthNow), depthNowTruth, _lastUpdateId)
            : null;
        _depthTimed = profile.DepthSpeeds
            .Select(speed => new DepthWindow(
                speed, Channel(profile.DepthStream(speed)[1..]), truth?.Open(folder, $"depth@{speed}ms.jsonl"), _lastUpdateId))
            .ToArray();

        SeedBook();
        var start = clock.StartMicros;
        _lastTransactionTime = _lastEventTime = start / 1000;
        _candle.Reset(start / Minute * Minute / 1000, _spec.ReferencePriceUnits);
        Schedule(start);
        _nextBurstToggleMicros = start + (long)_rng.Exponential(_meanMicrosBetweenBursts);
    }

    public SymbolSpec Spec => _spec;

    public MarketProfile Profile => _profile;

    /// <summary>The first aggTrade id of the live market: the historical dumps of earlier days end just before it.</summary>
    public long FirstAggTradeId { get; }

    /// <summary>The first trade id of the live market.</summary>
    public long FirstTradeId { get; }

    public bool TradesPaused => _tradesPaused;

    /// <summary>Generates events as the clock passes them until <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            if (_paused)
            {
                await Task.Delay(10, stopping).ConfigureAwait(false);
                continue;
            }

            bool behind;
            lock (_sync)
            {
                // Checked under the lock: once Pause() has taken the lock, nothing more is generated.
                if (_paused)
                {
                    continue;
                }

                behind = ProcessUntil(_clock.NowMicros, BatchBudget);
            }

            if (behind)
            {
                // Let REST and other symbols in between batches when the rate exceeds one core.
                await Task.Yield();
                continue;
            }

            var wait = _clock.RealTimeUntil(NextDueMicros());
            var milliseconds = Math.Clamp((int)Math.Ceiling(wait.TotalMilliseconds), 1, 50);
            await Task.Delay(milliseconds, stopping).ConfigureAwait(false);
        }
    }

    /// <summary>Stops generation; when this returns no further event will be produced.</summary>
    public void Pause()
    {
        _paused = true;
        lock (_sync)
        {
        }
    }

    /// <summary>
    /// Restarts from the current clock time. A pause is an outage: nothing is generated for the
    /// paused span (no catch-up burst), and the candle open at the pause is closed on resume.
    /// </summary>
    public void Resume()
    {
        lock (_sync)
        {
            if (!_paused)
            {
                return;
            }

            var now = _clock.NowMicros;
            if (_nextMinuteMicros <= now)
            {
                CloseCandle(now);
            }

            Schedule(now);
            if (_nextBurstToggleMicros <= now)
            {
                _nextBurstToggleMicros = now + (long)_rng.Exponential(_meanMicrosBetweenBursts);
            }

            _paused = false;
        }
    }

    /// <summary>
    /// Multiplies the transaction rate (bursts included) by <paramref name="factor"/> from now on; the
    /// transaction already scheduled keeps its time.
    /// </summary>
    public void ScaleRate(double factor)
    {
        lock (_sync)
        {
            _rateScale = factor;
        }
    }

    public void PauseTrades() => _tradesPaused = true;

    public void ResumeTrades() => _tradesPaused = false;

    /// <summary>Withholds the next event of every depth speed, so each pu chain breaks once.</summary>
    public void InjectDepthGap()
    {
        lock (_sync)
        {
            if (_profile.ServesDepthNow && _depthNow is not null)
            {
                _depthNow.WithholdNext = true;
            }

            foreach (var window in _depthTimed)
            {
                window.WithholdNext = true;
            }
        }
    }

    private void Schedule(long now)
    {
        _nextTransactionMicros = now + NextGap();
        foreach (var window in _depthTimed)
        {
            window.NextFlushMicros = NextMultiple(now, window.SpeedMs * 1000L);
        }

        _nextKlineUpdateMicros = NextMultiple(now, 250_000);
        _nextMarkMicros = _profile.HasMarkPrice ? NextMultiple(now, Second) : long.MaxValue;
        _nextMinuteMicros = NextMultiple(now, Minute);
    }

    private static long NextMultiple(long now, long period) => ((now / period) + 1) * period;

    private long NextGap() => Math.Max(1, (long)_rng.Exponential(1_000_000.0 / (_rate * _rateScale)));

    private long NextDueMicros()
    {
        var next = Math.Min(_nextTransactionMicros, Math.Min(_nextMarkMicros, _nextKlineUpdateMicros));
        foreach (var window in _depthTimed)
        {
            next = Math.Min(next, window.NextFlushMicros);
        }

        return next;
    }
}

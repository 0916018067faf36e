using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Streamer.Binance.Exchanges;
using Streamer.Binance.Parsing;
using Streamer.Core.Configuration;

namespace Streamer.Binance.Rest;

/// <summary>
/// The REST endpoints a worker needs, of one Binance market (<see cref="BinanceMarket"/>: USD-M <c>/fapi/v1</c>,
/// COIN-M <c>/dapi/v1</c>, spot <c>/api/v3</c>, each with its own weights). Every request reserves its weight with the shared
/// <see cref="RestWeightLimiter"/> first and reports the server's X-MBX-USED-WEIGHT-1M back. A 429 pauses
/// every process of the machine for Retry-After; a 418 ban stops all REST until it ends. Network errors,
/// timeouts and 5xx are retried with a capped exponential backoff until <c>ct</c> is cancelled: a recorder
/// must not need babysitting. Only answers that retrying cannot fix throw <see cref="BinanceRestException"/>.
/// </summary>
public sealed class BinanceRestClient : IExchangeRest
{
    /// <summary>Largest <c>limit</c> of aggTrades and klines pages.</summary>
    public const int MaxPage = 1000;

    /// <summary>Largest <c>limit</c> of <c>/fapi/v1/depth</c> (the one the worker asks every market for).</summary>
    public const int MaxDepthLimit = 1000;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly BinanceMarket _market;
    private readonly Uri _base;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _minRetryDelay;
    private readonly RestWeightLimiter _limiter;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private long _requests;
    private long _failures;

    /// <summary>Creates a USD-M client for <see cref="NetworkConfig.RestUrl"/>.</summary>
    /// <param name="network">Base URL, request timeout and retry delays.</param>
    /// <param name="limiter">The machine-wide weight budget.</param>
    /// <param name="time">Clock.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="handler">HTTP handler (tests); a pooled SocketsHttpHandler by default.</param>
    public BinanceRestClient(NetworkConfig network, RestWeightLimiter limiter, TimeProvider time, ILogger logger, HttpMessageHandler? handler = null)
        : this(BinanceMarket.UsdM, (network ?? throw new ArgumentNullException(nameof(network))).RestUrl, network, limiter, time, logger, handler)
    {
    }

    /// <summary>Creates a client of <paramref name="market"/> at <paramref name="baseUrl"/>.</summary>
    /// <param name="market">The market: API path, weights, page and snapshot sizes, symbol status field.</param>
    /// <param name="baseUrl">REST base URL (network.rest_url for USD-M, network.{exchange}.rest_url for the others).</param>
    /// <param name="network">Request timeout and retry delays.</param>
    /// <param name="limiter">The machine-wide weight budget of this market.</param>
    /// <param name="time">Clock.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="handler">HTTP handler (tests); a pooled SocketsHttpHandler by default.</param>
    public BinanceRestClient(BinanceMarket market, Uri baseUrl, NetworkConfig network, RestWeightLimiter limiter, TimeProvider time, ILogger logger, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        _market = market ?? throw new ArgumentNullException(nameof(market));
        _base = baseUrl ?? throw new ArgumentNullException(nameof(baseUrl));
        _limiter = limiter ?? throw new ArgumentNullException(nameof(limiter));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _log = logger ?? throw new ArgumentNullException(nameof(logger));
        _timeout = network.RequestTimeout;
        _minRetryDelay = network.ReconnectMinDelay > TimeSpan.Zero ? network.ReconnectMinDelay : TimeSpan.FromMilliseconds(500);
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Requests sent (including retries).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests that failed and were retried.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>The shared weight budget.</summary>
    public RestWeightLimiter Limiter => _limiter;

    /// <summary>The market this client talks to.</summary>
    public BinanceMarket Market => _market;

    /// <inheritdoc/>
    public int PageSize => _market.PageSize;

    /// <inheritdoc/>
    public int DepthSnapshotLimit => _market.DepthSnapshotLimit;

    /// <inheritdoc/>
    public Uri SymbolListUrl => new(_base, _market.Path("exchangeInfo"));

    /// <summary>Every listed symbol with its status (<c>GET {api}/exchangeInfo</c>).</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetExchangeInfoAsync(CancellationToken ct)
    {
        var (body, _) = await SendAsync(_market.Path("exchangeInfo"), _market.ExchangeInfoWeight, ct).ConfigureAwait(false);
        return RestResponseParser.ExchangeInfoSymbols(body, _market.SymbolStatusFallback);
    }

    /// <summary>An order book snapshot as depth_snapshot rows (<c>GET {api}/depth</c>).</summary>
    public async Task<DepthSnapshot> GetDepthSnapshotAsync(string symbol, int limit, CancellationToken ct)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"{_market.ApiPath}/depth?symbol={symbol}&limit={limit}");
        var (body, local) = await SendAsync(path, _market.DepthWeight(limit), ct).ConfigureAwait(false);
        return RestResponseParser.DepthSnapshot(body, local);
    }

    /// <summary>Aggregate trades from <paramref name="fromId"/> on, as aggtrade rows (<c>GET {api}/aggTrades</c>).</summary>
    public async Task<RestRows> GetAggTradesAsync(string symbol, long fromId, int limit, CancellationToken ct)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"{_market.ApiPath}/aggTrades?symbol={symbol}&fromId={fromId}&limit={limit}");
        var (body, local) = await SendAsync(path, _market.AggTradesWeight, ct).ConfigureAwait(false);
        return RestResponseParser.AggTrades(body, local);
    }

    /// <summary>
    /// 1m candles opening at or after <paramref name="startTimeMs"/> (<c>GET {api}/klines</c>), as kline_1m rows.
    /// When the range reaches the present, the last candle may still be open: the local clock cannot tell
    /// reliably (skew), so the caller decides, e.g. by keeping only candles older than one seen closed live.
    /// </summary>
    public async Task<RestRows> GetKlinesAsync(string symbol, long startTimeMs, int limit, CancellationToken ct)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"{_market.ApiPath}/klines?symbol={symbol}&interval=1m&startTime={startTimeMs}&limit={limit}");
        var (body, local) = await SendAsync(path, _market.KlinesWeight(limit), ct).ConfigureAwait(false);
        return RestResponseParser.Klines(body, long.MaxValue, local);
    }

    /// <summary>Sends a GET until it succeeds; returns the body and its local receive time (µs).</summary>
    private async Task<(byte[] Body, long LocalTimeUs)> SendAsync(string pathAndQuery, int weight, CancellationToken ct)
    {
        var uri = new Uri(_base, pathAndQuery);
        var delay = _minRetryDelay;
        while (true)
        {
            await _limiter.ReserveAsync(weight, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _requests);
            string failure;
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(_timeout);
                using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                var local = LocalClock.MicrosecondsNow(_time);
                var used = UsedWeight(response);
                var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                RestLog.Answered(_log, pathAndQuery, response.StatusCode, elapsedMs, used);
                if (used > 0)
                {
                    await _limiter.ReportServerWeightAsync(used, ct).ConfigureAwait(false);
                }

                switch ((int)response.StatusCode)
                {
                    case >= 200 and < 300:
                        return (body, local);
                    case 429:
                        {
                            var wait = RetryAfter(response) ?? TimeSpan.FromSeconds(60);
                            RestLog.TooManyRequests(_log, pathAndQuery, wait.TotalSeconds);
                            await _limiter.ReportRetryAfterAsync(wait, ct).ConfigureAwait(false);
                            Interlocked.Increment(ref _failures);
                            continue;
                        }

                    case 418:
                        {
                            var wait = RetryAfter(response) ?? RestWeightLimiter.DefaultBan;
                            RestLog.Banned(_log, pathAndQuery, _time.GetUtcNow() + wait);
                            await _limiter.ReportBanAsync(wait, ct).ConfigureAwait(false);
                            Interlocked.Increment(ref _failures);
                            continue;
                        }

                    case >= 500:
                        failure = FormattableString.Invariant($"HTTP {(int)response.StatusCode}");
                        break;
                    default:
                        throw new BinanceRestException(response.StatusCode, FormattableString.Invariant(
                            $"{pathAndQuery} was refused with HTTP {(int)response.StatusCode}: {ErrorText(body)}"));
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failure = "timed out after " + Durations.Format(_timeout);
            }
            catch (HttpRequestException e)
            {
                failure = e.Message;
            }

            Interlocked.Increment(ref _failures);
            var jittered = Backoff.Jitter(delay);
            RestLog.Retrying(_log, pathAndQuery, failure, jittered.TotalSeconds);
            await Task.Delay(jittered, _time, ct).ConfigureAwait(false);
            delay = Backoff.Next(delay, MaxRetryDelay);
        }
    }

    private static int UsedWeight(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-MBX-USED-WEIGHT-1M", out var values)
        && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var used) ? used : 0;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string ErrorText(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
        return text.Length == 0 ? "(empty answer)" : text;
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}

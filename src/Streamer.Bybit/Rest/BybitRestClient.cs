using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Streamer.Binance;
using Streamer.Binance.Exchanges;
using Streamer.Binance.Parsing;
using Streamer.Binance.Rest;
using Streamer.Core.Configuration;

namespace Streamer.Bybit;

/// <summary>
/// The Bybit v5 market endpoints a worker needs (linear category): instruments-info, orderbook, recent-trade and
/// kline. Bybit limits requests, not weights: every request reserves weight 1 with the shared
/// <see cref="RestWeightLimiter"/> first. Overuse is answered by the limiter's existing mechanisms: HTTP 403 ("access
/// too frequent", the IP blocked for 10 minutes) is recorded as a ban, retCode 10006 ("Too many visits") pauses every
/// process until X-Bapi-Limit-Reset-Timestamp like Binance's 429. Network errors, timeouts and 5xx are retried with a
/// capped exponential backoff until <c>ct</c> is cancelled. Other retCodes throw <see cref="BybitRestException"/>; an
/// unreadable answer throws <see cref="BinanceResponseException"/>.
/// </summary>
public sealed class BybitRestClient : IExchangeRest
{
    /// <summary>Largest <c>limit</c> of recent-trade and kline pages (and of instruments-info).</summary>
    public const int MaxPage = 1000;

    /// <summary>Largest <c>limit</c> of the linear orderbook (levels per side).</summary>
    public const int MaxDepthLimit = 500;

    /// <summary>How long Bybit blocks an IP that went over its limit (HTTP 403).</summary>
    public static readonly TimeSpan IpBan = TimeSpan.FromMinutes(10);

    /// <summary>retCode of a per-endpoint (or per-UID) rate limit: "Too many visits".</summary>
    public const int TooManyVisits = 10006;

    /// <summary>retCode of "Exceeded the IP Rate Limit" (sent by some gateways instead of a 403): backed off like 10006.</summary>
    public const int IpRateLimit = 10018;

    /// <summary>More instruments-info pages than Bybit has (it lists a few hundred linear symbols, 1000 per page).</summary>
    private const int MaxInstrumentPages = 50;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultLimitWait = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _minRetryDelay;
    private readonly RestWeightLimiter _limiter;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private long _requests;
    private long _failures;

    /// <summary>Creates a client of Bybit at <paramref name="baseUrl"/> (network.bybit-linear.rest_url).</summary>
    /// <param name="baseUrl">REST base URL; <c>/v5/market/...</c> is appended.</param>
    /// <param name="network">Request timeout and retry delays.</param>
    /// <param name="limiter">The machine-wide request budget of Bybit.</param>
    /// <param name="time">Clock.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="handler">HTTP handler (tests); a pooled SocketsHttpHandler by default.</param>
    public BybitRestClient(Uri baseUrl, NetworkConfig network, RestWeightLimiter limiter, TimeProvider time, ILogger logger, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(network);
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

    /// <inheritdoc/>
    public RestWeightLimiter Limiter => _limiter;

    /// <inheritdoc/>
    public int PageSize => MaxPage;

    /// <inheritdoc/>
    public int DepthSnapshotLimit => MaxDepthLimit;

    /// <inheritdoc/>
    public Uri SymbolListUrl => new(_base, "/v5/market/instruments-info?category=linear");

    /// <summary>Every linear symbol with its status (<c>Trading</c> as <c>TRADING</c>), over every instruments-info page.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetExchangeInfoAsync(CancellationToken ct)
    {
        var symbols = new Dictionary<string, string>(StringComparer.Ordinal);
        var cursor = "";
        for (var page = 0; page < MaxInstrumentPages; page++)
        {
            var path = "/v5/market/instruments-info?category=linear&limit=1000" + (cursor.Length == 0 ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var (body, _) = await SendAsync(path, ct).ConfigureAwait(false);
            var next = BybitResponseParser.Instruments(body, symbols);
            if (next.Length == 0)
            {
                return symbols;
            }

            if (next == cursor)
            {
                throw new BinanceResponseException("instruments-info returned the same nextPageCursor twice");
            }

            cursor = next;
        }

        throw new BinanceResponseException(FormattableString.Invariant($"instruments-info has more than {MaxInstrumentPages} pages"));
    }

    /// <summary>An order book snapshot of at most 500 levels per side as depth_snapshot rows (<c>GET /v5/market/orderbook</c>).</summary>
    public async Task<DepthSnapshot> GetDepthSnapshotAsync(string symbol, int limit, CancellationToken ct)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/v5/market/orderbook?category=linear&symbol={symbol}&limit={Math.Clamp(limit, 1, MaxDepthLimit)}");
        var (body, local) = await SendAsync(path, ct).ConfigureAwait(false);
        return BybitResponseParser.DepthSnapshot(body, local);
    }

    /// <summary>Bybit serves no trades by id.</summary>
    /// <exception cref="NotSupportedException">Always: use <see cref="GetRecentTradesAsync"/>.</exception>
    public Task<RestRows> GetAggTradesAsync(string symbol, long fromId, int limit, CancellationToken ct) =>
        throw new NotSupportedException("Bybit serves no trades by id: use GetRecentTradesAsync");

    /// <summary>The last (at most 1000) trades as trade rows in ascending seq (<c>GET /v5/market/recent-trade</c>).</summary>
    public async Task<RestRows> GetRecentTradesAsync(string symbol, int limit, CancellationToken ct)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/v5/market/recent-trade?category=linear&symbol={symbol}&limit={Math.Clamp(limit, 1, MaxPage)}");
        var (body, local) = await SendAsync(path, ct).ConfigureAwait(false);
        return BybitResponseParser.RecentTrades(body, local);
    }

    /// <summary>
    /// The (at most <paramref name="limit"/>) 1m candles opening in [<paramref name="startTimeMs"/>, start + limit minutes)
    /// (<c>GET /v5/market/kline</c>), as kline_1m rows in ascending open time. When the range reaches the present the
    /// last candle may still be open: the caller decides, as for Binance.
    /// </summary>
    public async Task<RestRows> GetKlinesAsync(string symbol, long startTimeMs, int limit, CancellationToken ct)
    {
        var count = Math.Clamp(limit, 1, MaxPage);
        var end = startTimeMs + (count * BybitResponseParser.CandleMs) - 1;
        var path = string.Create(CultureInfo.InvariantCulture, $"/v5/market/kline?category=linear&symbol={symbol}&interval=1&start={startTimeMs}&end={end}&limit={count}");
        var (body, local) = await SendAsync(path, ct).ConfigureAwait(false);
        return BybitResponseParser.Klines(body, local);
    }

    /// <summary>Sends a GET until Bybit answers it with retCode 0; returns the body and its local receive time (µs).</summary>
    private async Task<(byte[] Body, long LocalTimeUs)> SendAsync(string pathAndQuery, CancellationToken ct)
    {
        var uri = new Uri(_base, pathAndQuery);
        var delay = _minRetryDelay;
        while (true)
        {
            await _limiter.ReserveAsync(1, ct).ConfigureAwait(false);
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
                var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                BybitRestLog.Answered(_log, pathAndQuery, response.StatusCode, elapsedMs);
                switch ((int)response.StatusCode)
                {
                    case >= 200 and < 300:
                        {
                            var envelope = BybitResponseParser.Envelope(body);
                            if (envelope.RetCode == 0)
                            {
                                return (body, local);
                            }

                            if (envelope.RetCode is not (TooManyVisits or IpRateLimit))
                            {
                                throw new BybitRestException(response.StatusCode, envelope.RetCode, envelope.RetMsg, FormattableString.Invariant(
                                    $"Bybit refused {pathAndQuery}: retCode {envelope.RetCode} ({envelope.RetMsg})"));
                            }

                            var wait = LimitReset(response) ?? DefaultLimitWait;
                            BybitRestLog.TooManyVisits(_log, pathAndQuery, envelope.RetCode, wait.TotalSeconds);
                            await _limiter.ReportRetryAfterAsync(wait, ct).ConfigureAwait(false);
                            Interlocked.Increment(ref _failures);
                            continue;
                        }

                    case 403:
                        BybitRestLog.Banned(_log, pathAndQuery, _time.GetUtcNow() + IpBan);
                        await _limiter.ReportBanAsync(IpBan, ct).ConfigureAwait(false);
                        Interlocked.Increment(ref _failures);
                        continue;
                    case 429:
                        {
                            var wait = LimitReset(response) ?? RetryAfter(response) ?? TimeSpan.FromSeconds(60);
                            BybitRestLog.TooManyVisits(_log, pathAndQuery, 429, wait.TotalSeconds);
                            await _limiter.ReportRetryAfterAsync(wait, ct).ConfigureAwait(false);
                            Interlocked.Increment(ref _failures);
                            continue;
                        }

                    case >= 500:
                        failure = FormattableString.Invariant($"HTTP {(int)response.StatusCode}");
                        break;
                    default:
                        throw new BybitRestException(response.StatusCode, 0, "", FormattableString.Invariant(
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
            BybitRestLog.Retrying(_log, pathAndQuery, failure, jittered.TotalSeconds);
            await Task.Delay(jittered, _time, ct).ConfigureAwait(false);
            delay = Backoff.Next(delay, MaxRetryDelay);
        }
    }

    /// <summary>X-Bapi-Limit-Reset-Timestamp (unix ms): when the endpoint's limit resets; null when absent or unreadable.</summary>
    private TimeSpan? LimitReset(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("X-Bapi-Limit-Reset-Timestamp", out var values)
            || !long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var resetMs))
        {
            return null;
        }

        var wait = TimeSpan.FromMilliseconds(resetMs - _time.GetUtcNow().ToUnixTimeMilliseconds());
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

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

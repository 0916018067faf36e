using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Streamer.Binance.Rest;
using Streamer.Core.Configuration;

namespace Streamer.Binance.Tests.Rest;

public sealed class BinanceRestClientTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("streamer-rest-tests").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static NetworkConfig Network => ConfigLoader.Parse("mode: m\nmodes:\n  m:\n    symbols: [BTCUSDT]\nnetwork:\n  reconnect_min_delay: 10ms\n", "/tmp/x.yaml").Network;

    private (BinanceRestClient Client, RestWeightLimiter Limiter) Create(ScriptedHandler handler)
    {
        var limiter = new RestWeightLimiter(RestWeightLimiter.StateFileIn(_dir), 2400, TimeProvider.System, NullLogger.Instance);
        return (new BinanceRestClient(Network, limiter, TimeProvider.System, NullLogger.Instance, handler), limiter);
    }

    [Test]
    public async Task TooManyRequests_HonoursRetryAfter_ThenSucceeds()
    {
        var handler = new ScriptedHandler(
            Answer(429, "{}", retryAfterSeconds: 1),
            Answer(200, """[{"a":5,"p":"1.0","q":"2","f":1,"l":1,"T":10,"m":true}]""", usedWeight: 40));
        var (client, limiter) = Create(handler);
        using var _ = client;

        var started = DateTime.UtcNow;
        var page = await client.GetAggTradesAsync("BTCUSDT", 5, 1000, CancellationToken.None);

        Assert.That(page.Rows.Single().Id, Is.EqualTo(5));
        Assert.That(DateTime.UtcNow - started, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900)), "waited for Retry-After");
        Assert.That(handler.Requests, Has.Count.EqualTo(2));
        Assert.That(handler.Requests[1], Does.EndWith("/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=5&limit=1000"));
        Assert.That(limiter.WeightUsed, Is.EqualTo(40), "each attempt reserved weight 20");
        Assert.That(client.Failures, Is.EqualTo(1));
    }

    [Test]
    public async Task Ban_StopsRequestsUntilItEnds_AndIsVisibleToTheLimiter()
    {
        var handler = new ScriptedHandler(Answer(418, "{}", retryAfterSeconds: 1), Answer(200, """{"symbols":[{"symbol":"BTCUSDT","status":"TRADING"}]}"""));
        var (client, limiter) = Create(handler);
        using var _ = client;

        var call = client.GetExchangeInfoAsync(CancellationToken.None);
        await WaitAsync(() => limiter.IsBanned, "the ban is recorded");
        var symbols = await call;

        Assert.That(symbols["BTCUSDT"], Is.EqualTo("TRADING"));
        Assert.That(limiter.IsBanned, Is.False);
    }

    [Test]
    public async Task ServerErrorAndTimeout_AreRetried()
    {
        var handler = new ScriptedHandler(Answer(503, "busy"), _ => throw new HttpRequestException("connection refused"), Answer(200, """{"symbols":[]}"""));
        var (client, _) = Create(handler);
        using var __ = client;

        var symbols = await client.GetExchangeInfoAsync(CancellationToken.None);

        Assert.That(symbols, Is.Empty);
        Assert.That(handler.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task ClientError_IsNotRetried_AndSaysWhatTheExchangeSaid()
    {
        var handler = new ScriptedHandler(Answer(400, """{"code":-1121,"msg":"Invalid symbol."}"""));
        var (client, _) = Create(handler);
        using var __ = client;

        var e = await Assert.ThrowsAsync<BinanceRestException>(() => client.GetDepthSnapshotAsync("NOPE", 1000, CancellationToken.None));

        Assert.That(e!.Message, Does.Contain("Invalid symbol."));
        Assert.That(e.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(handler.Requests, Has.Count.EqualTo(1));
    }

    private static Func<HttpRequestMessage, HttpResponseMessage> Answer(int status, string body, int? retryAfterSeconds = null, int? usedWeight = null) => _ =>
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        if (usedWeight is { } used)
        {
            response.Headers.Add("X-MBX-USED-WEIGHT-1M", used.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return response;
    };

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "timed out waiting for " + what);
            await Task.Delay(10);
        }
    }

    /// <summary>Answers requests from a script, one entry per request (the last one repeats).</summary>
    private sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] script) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.ToString());
            var step = script[Math.Min(Requests.Count - 1, script.Length - 1)];
            return Task.FromResult(step(request));
        }
    }
}

using System.Net.WebSockets;
using System.Text.Json;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

public class SubscriptionProtocolTests
{
    [Test]
    public async Task Subscribe_List_Unsubscribe_FollowBinanceShapes()
    {
        await using var exchange = await Sim.StartAsync(rate: 400);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/stream"));

        await client.SendAsync("""{"method":"SUBSCRIBE","params":["btcusdt@aggTrade","ETHUSDT@aggTrade"],"id":1}""");
        await client.WaitForAsync(m => m == """{"result":null,"id":1}""", "SUBSCRIBE response");
        await client.WaitForAsync(m => m.Contains("\"stream\":\"ethusdt@aggTrade\"", StringComparison.Ordinal), "ETH data after subscribe");

        await client.SendAsync("""{"method":"LIST_SUBSCRIPTIONS","id":2}""");
        var list = await client.WaitForAsync(m => m.Contains("\"id\":2", StringComparison.Ordinal), "LIST response");
        Assert.That(list, Is.EqualTo("""{"result":["btcusdt@aggTrade","ethusdt@aggTrade"],"id":2}"""));

        await client.SendAsync("""{"method":"UNSUBSCRIBE","params":["ethusdt@aggTrade"],"id":3}""");
        await client.WaitForAsync(m => m == """{"result":null,"id":3}""", "UNSUBSCRIBE response");
        var afterUnsubscribe = client.Count;
        // After the ack no new ETH message may arrive; BTC keeps flowing, which bounds the wait.
        await Eventually.WaitAsync(() => client.Messages.Skip(afterUnsubscribe).Count(m => m.Contains("btcusdt@aggTrade", StringComparison.Ordinal)) >= 20, "BTC keeps flowing");
        var ethAfter = client.Messages.Skip(afterUnsubscribe).Count(m => m.Contains("\"stream\":\"ethusdt@aggTrade\"", StringComparison.Ordinal));
        // At most one message that was being published while the UNSUBSCRIBE was handled.
        Assert.That(ethAfter, Is.LessThanOrEqualTo(1));

        await client.SendAsync("""{"method":"LIST_SUBSCRIPTIONS","id":4}""");
        var list2 = await client.WaitForAsync(m => m.Contains("\"id\":4", StringComparison.Ordinal), "second LIST");
        Assert.That(list2, Is.EqualTo("""{"result":["btcusdt@aggTrade"],"id":4}"""));
    }

    [Test]
    public async Task UnknownMethodAndBadJson_GetErrorResponses_AndTheConnectionStaysOpen()
    {
        await using var exchange = await Sim.StartAsync();
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws"));

        await client.SendAsync("""{"method":"SUBSCRIBEX","params":[],"id":5}""");
        var unknown = await client.WaitForAsync(m => m.Contains("\"id\":5", StringComparison.Ordinal), "unknown method error");
        await client.SendAsync("not json");
        var invalid = await client.WaitForAsync(m => m.Contains("\"code\":3", StringComparison.Ordinal), "invalid JSON error");

        using var unknownDoc = JsonDocument.Parse(unknown);
        Assert.That(unknownDoc.RootElement.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(2));
        Assert.That(invalid, Does.Contain("\"id\":null"));
        Assert.That(client.State, Is.EqualTo(WebSocketState.Open));
    }

    [Test]
    public async Task CombinedProperty_CanBeReadAndSwitched()
    {
        await using var exchange = await Sim.StartAsync(rate: 400);
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws/btcusdt@aggTrade"));
        await client.SendAsync("""{"method":"GET_PROPERTY","params":["combined"],"id":1}""");
        await client.WaitForAsync(m => m == """{"result":false,"id":1}""", "GET_PROPERTY");
        await client.SendAsync("""{"method":"SET_PROPERTY","params":["combined",true],"id":2}""");
        await client.WaitForAsync(m => m == """{"result":null,"id":2}""", "SET_PROPERTY");
        await client.WaitForAsync(m => m.StartsWith("{\"stream\":\"btcusdt@aggTrade\"", StringComparison.Ordinal), "wrapped data");
    }

    [Test]
    public async Task TenMessagesInASecond_AreAllowed()
    {
        await using var exchange = await Sim.StartAsync();
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws"));
        for (var i = 1; i <= 10; i++)
        {
            await client.SendAsync($$"""{"method":"LIST_SUBSCRIPTIONS","id":{{i}}}""");
        }

        await client.WaitForCountAsync(10, "ten answers");
        Assert.That(client.Ended, Is.False);
    }

    [Test]
    public async Task MoreThanTenMessagesPerSecond_ClosesTheConnection()
    {
        await using var exchange = await Sim.StartAsync();
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/ws"));
        try
        {
            for (var i = 1; i <= 11; i++)
            {
                await client.SendAsync($$"""{"method":"LIST_SUBSCRIPTIONS","id":{{i}}}""");
            }
        }
        catch (WebSocketException)
        {
            // The server may already be closing.
        }

        await client.WaitEndedAsync("server closes the connection");
        Assert.That(client.Messages, Has.None.Contains("\"id\":11}"));
        Assert.That(client.CloseStatus, Is.EqualTo(WebSocketCloseStatus.PolicyViolation));
    }

    [Test]
    public async Task MoreThan1024Streams_IsRejectedWithAnError()
    {
        await using var exchange = await Sim.StartAsync();
        await using var client = await TestClient.ConnectAsync(Sim.Ws(exchange.MarketWsUrl, "/stream"));
        var first = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"s{i}usdt@aggTrade\""));
        await client.SendAsync($$"""{"method":"SUBSCRIBE","params":[{{first}}],"id":1}""");
        await client.WaitForAsync(m => m == """{"result":null,"id":1}""", "1000 streams accepted");

        var tooMany = string.Join(",", Enumerable.Range(1000, 25).Select(i => $"\"s{i}usdt@aggTrade\""));
        await client.SendAsync($$"""{"method":"SUBSCRIBE","params":[{{tooMany}}],"id":2}""");
        var error = await client.WaitForAsync(m => m.Contains("\"id\":2", StringComparison.Ordinal), "error for stream 1025");
        Assert.That(error, Does.StartWith("{\"error\":{\"code\":2,"));

        var exactly = string.Join(",", Enumerable.Range(1000, 24).Select(i => $"\"s{i}usdt@aggTrade\""));
        await client.SendAsync($$"""{"method":"SUBSCRIBE","params":[{{exactly}}],"id":3}""");
        await client.WaitForAsync(m => m == """{"result":null,"id":3}""", "exactly 1024 accepted");
    }

    [Test]
    public async Task UpTo1024StreamsInTheUrl_Connect_MoreAreRefusedAtTheHandshake()
    {
        await using var exchange = await Sim.StartAsync(rate: 300);
        var names = Enumerable.Range(0, 1023).Select(i => $"sym{i}usdt@depth@100ms").Append("btcusdt@depth@100ms").ToList();
        await using var full = await TestClient.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, $"/stream?streams={string.Join("/", names)}"));
        await full.WaitForEventsAsync("depthUpdate", 2);

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var tooMany = string.Join("/", names.Append("ethusdt@depth@100ms"));
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Sim.Ws(exchange.PublicWsUrl, $"/stream?streams={tooMany}"), CancellationToken.None));
        Assert.That((int)socket.HttpStatusCode, Is.EqualTo(400));
    }
}

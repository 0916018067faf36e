using System.Text;
using Streamer.Binance.WebSockets;

namespace Streamer.Binance.Tests.WebSockets;

public sealed class WebSocketSessionTests
{
    private static readonly TimeSpan NoKeepAlive = TimeSpan.Zero;

    private static async Task<(RawWebSocketServer Server, WebSocketSession Session)> ConnectAsync(CancellationToken ct, TimeSpan? keepAlive = null, TimeSpan? keepAliveTimeout = null)
    {
        var server = new RawWebSocketServer();
        var accept = server.AcceptAsync(ct);
        var session = await WebSocketSession.ConnectAsync(server.Url, TimeSpan.FromSeconds(5), keepAlive ?? NoKeepAlive, keepAliveTimeout ?? Timeout.InfiniteTimeSpan, ct);
        await accept;
        return (server, session);
    }

    [Test]
    public async Task ServerPing_IsAnsweredWithAPong_ByThePlatform()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var (server, session) = await ConnectAsync(cts.Token);
        await using var _ = server;
        using var __ = session;
        var receiving = session.ReceiveAsync((_, _) => ValueTask.CompletedTask, 1 << 20, cts.Token);

        await server.SendFrameAsync(0x9, "binance-ping"u8.ToArray(), fin: true, cts.Token);
        var (opcode, payload) = await server.ReadFrameAsync(cts.Token);

        Assert.That(opcode, Is.EqualTo(0xA), "pong");
        Assert.That(Encoding.ASCII.GetString(payload), Is.EqualTo("binance-ping"), "the pong echoes the ping's payload");
        session.Abort();
        await receiving;
    }

    [Test]
    public async Task ClientKeepAlive_SendsPings()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var (server, session) = await ConnectAsync(cts.Token, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));
        await using var _ = server;
        using var __ = session;
        var receiving = session.ReceiveAsync((_, _) => ValueTask.CompletedTask, 1 << 20, cts.Token);

        var (opcode, _) = await server.ReadFrameAsync(cts.Token);

        Assert.That(opcode, Is.EqualTo(0x9), "the client's own ping detects a dead peer");
        session.Abort();
        await receiving;
    }

    [Test]
    public async Task LargeFragmentedMessage_ArrivesWhole_AndTheNextOneToo()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var (server, session) = await ConnectAsync(cts.Token);
        await using var _ = server;
        using var __ = session;
        var big = Encoding.ASCII.GetBytes("{\"x\":\"" + new string('7', 3_000_000) + "\"}");
        var received = new List<byte[]>();
        var receiving = session.ReceiveAsync((m, kind) =>
        {
            Assert.That(kind, Is.EqualTo(ReceivedKind.Message));
            received.Add(m.ToArray());
            return ValueTask.CompletedTask;
        }, 8 << 20, cts.Token);

        await server.SendTextAsync(big, 70_000, cts.Token);
        await server.SendTextAsync("{}"u8.ToArray(), 100, cts.Token);
        await server.SendFrameAsync(0x8, new byte[] { 0x03, 0xE8 }, fin: true, cts.Token);
        var reason = await receiving;

        Assert.That(received, Has.Count.EqualTo(2));
        Assert.That(received[0], Is.EqualTo(big));
        Assert.That(received[1], Is.EqualTo("{}"u8.ToArray()));
        Assert.That(reason, Does.Contain("closed"));
    }

    [Test]
    public async Task OversizedMessage_IsReported_AndTheStreamStaysInStep()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var (server, session) = await ConnectAsync(cts.Token);
        await using var _ = server;
        using var __ = session;
        var kinds = new List<(ReceivedKind Kind, string Text)>();
        var receiving = session.ReceiveAsync((m, kind) =>
        {
            kinds.Add((kind, Encoding.ASCII.GetString(m.Span)));
            return ValueTask.CompletedTask;
        }, 128 * 1024, cts.Token);

        await server.SendTextAsync(new byte[1_000_000], 50_000, cts.Token);
        await server.SendTextAsync("{\"after\":1}"u8.ToArray(), 100, cts.Token);
        await server.SendFrameAsync(0x8, new byte[] { 0x03, 0xE8 }, fin: true, cts.Token);
        await receiving;

        Assert.That(kinds.Select(k => k.Kind), Is.EqualTo(new[] { ReceivedKind.Oversized, ReceivedKind.Message }));
        Assert.That(kinds[1].Text, Is.EqualTo("{\"after\":1}"));
    }

    [Test]
    public void ConnectingToNothing_FailsWithinTheTimeout()
    {
        var started = DateTime.UtcNow;
        Assert.That(async () => await WebSocketSession.ConnectAsync(new Uri("ws://10.255.255.1:9/stream"), TimeSpan.FromMilliseconds(300), NoKeepAlive, Timeout.InfiniteTimeSpan, CancellationToken.None),
            Throws.Exception);
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(5)));
    }
}

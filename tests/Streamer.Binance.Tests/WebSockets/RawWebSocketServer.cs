using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Streamer.Binance.Tests.WebSockets;

/// <summary>
/// A bare RFC 6455 server on loopback that writes frames by hand, so tests can send what no framework
/// exposes: a server ping, a message split into many fragments, an oversized message.
/// </summary>
internal sealed class RawWebSocketServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private TcpClient? _client;
    private NetworkStream? _stream;

    public RawWebSocketServer() => _listener.Start();

    public Uri Url => new($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/stream");

    /// <summary>Accepts one client and completes its upgrade handshake.</summary>
    public async Task AcceptAsync(CancellationToken ct)
    {
        _client = await _listener.AcceptTcpClientAsync(ct);
        _stream = _client.GetStream();
        var request = new StringBuilder();
        var buffer = new byte[1];
        while (!request.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await _stream.ReadExactlyAsync(buffer, ct);
            request.Append((char)buffer[0]);
        }

        var key = request.ToString().Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))["Sec-WebSocket-Key:".Length..].Trim();
#pragma warning disable CA5350 // RFC 6455 defines the accept key with SHA-1; no security rests on it.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        var response = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n";
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(response), ct);
    }

    /// <summary>Sends one frame (server frames are not masked).</summary>
    public async Task SendFrameAsync(byte opcode, ReadOnlyMemory<byte> payload, bool fin, CancellationToken ct)
    {
        var header = new List<byte> { (byte)((fin ? 0x80 : 0) | opcode) };
        if (payload.Length < 126)
        {
            header.Add((byte)payload.Length);
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            header.Add(126);
            header.Add((byte)(payload.Length >> 8));
            header.Add((byte)payload.Length);
        }
        else
        {
            header.Add(127);
            for (var shift = 56; shift >= 0; shift -= 8)
            {
                header.Add((byte)((long)payload.Length >> shift));
            }
        }

        await _stream!.WriteAsync(header.ToArray(), ct);
        await _stream.WriteAsync(payload, ct);
    }

    /// <summary>Sends a text message split into fragments of <paramref name="fragment"/> bytes.</summary>
    public async Task SendTextAsync(byte[] text, int fragment, CancellationToken ct)
    {
        for (var offset = 0; offset < text.Length || offset == 0; offset += fragment)
        {
            var n = Math.Min(fragment, text.Length - offset);
            await SendFrameAsync(offset == 0 ? (byte)1 : (byte)0, text.AsMemory(offset, n), offset + n >= text.Length, ct);
            if (text.Length == 0)
            {
                break;
            }
        }
    }

    /// <summary>Reads one client frame: (opcode, unmasked payload).</summary>
    public async Task<(byte Opcode, byte[] Payload)> ReadFrameAsync(CancellationToken ct)
    {
        var head = new byte[2];
        await _stream!.ReadExactlyAsync(head, ct);
        long length = head[1] & 0x7F;
        if (length == 126)
        {
            var ext = new byte[2];
            await _stream.ReadExactlyAsync(ext, ct);
            length = (ext[0] << 8) | ext[1];
        }
        else if (length == 127)
        {
            var ext = new byte[8];
            await _stream.ReadExactlyAsync(ext, ct);
            length = ext.Aggregate(0L, (a, b) => (a << 8) | b);
        }

        var mask = new byte[4];
        await _stream.ReadExactlyAsync(mask, ct);
        var payload = new byte[length];
        await _stream.ReadExactlyAsync(payload, ct);
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] ^= mask[i % 4];
        }

        return ((byte)(head[0] & 0x0F), payload);
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }
}

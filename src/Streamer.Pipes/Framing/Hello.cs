using System.Buffers;
using System.Globalization;
using System.Text;
using Streamer.Core.Exchanges;

namespace Streamer.Pipes.Framing;

/// <summary>
/// The first frame of a connection: who the client is. <see cref="Source"/> names the durable
/// sequence space (e.g. <c>worker:BTCUSDT</c>): a restarted worker reuses it and the server answers
/// with the last sequence it durably wrote for it.
/// </summary>
/// <param name="Protocol">Must equal <see cref="FrameCodec.ProtocolVersion"/>.</param>
/// <param name="Role">Client role: worker, orderbook, ...</param>
/// <param name="Source">Sequence space identifier, stable across restarts of the client.</param>
/// <param name="Symbol">Symbol whose rows the connection carries (upper case), or empty.</param>
public sealed record Hello(int Protocol, string Role, string Source, string Symbol)
{
    /// <summary>
    /// The market of <see cref="Symbol"/> (<see cref="ExchangeIds"/>): it picks the folder of the connection's files
    /// (<see cref="ExchangePaths"/>). A Hello without the line is the default exchange's, as before the line existed.
    /// </summary>
    public string Exchange { get; init; } = ExchangeIds.Default;

    /// <summary>The Hello of a worker for <paramref name="symbol"/> of the default exchange.</summary>
    public static Hello ForWorker(string symbol) => ForWorker(ExchangeIds.Default, symbol);

    /// <summary>The Hello of a worker for <paramref name="symbol"/> of <paramref name="exchange"/>: source <c>worker:{key}</c> (<see cref="ExchangePaths.Key"/>).</summary>
    public static Hello ForWorker(string exchange, string symbol) =>
        new(FrameCodec.ProtocolVersion, "worker", "worker:" + ExchangePaths.Key(exchange, symbol), symbol) { Exchange = exchange };

    /// <summary>The source name of the order book process's link for <paramref name="symbol"/> of <paramref name="exchange"/>.</summary>
    public static string OrderBookSource(string exchange, string symbol) => "orderbook:" + ExchangePaths.Key(exchange, symbol);

    /// <summary>Encodes as <c>key=value</c> lines.</summary>
    public byte[] Encode() => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"protocol={Protocol}\nrole={Role}\nsource={Source}\nsymbol={Symbol}\nexchange={Exchange}\n"));

    /// <summary>Decodes a Hello payload.</summary>
    /// <exception cref="FrameFormatException">The payload is not a Hello.</exception>
    public static Hello Decode(ReadOnlySequence<byte> payload)
    {
        var text = Encoding.UTF8.GetString(payload);
        int? protocol = null;
        string? role = null, source = null, symbol = null, exchange = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FrameFormatException($"hello line without '=': {line}");
            }

            var value = line[(eq + 1)..];
            switch (line[..eq])
            {
                case "protocol":
                    protocol = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p
                        : throw new FrameFormatException($"hello protocol is not a number: {value}");
                    break;
                case "role": role = value; break;
                case "source": source = value; break;
                case "symbol": symbol = value; break;
                case "exchange": exchange = value; break;
                default: break; // Later versions may add keys; ignoring them keeps old servers talking.
            }
        }

        if (protocol is null || string.IsNullOrEmpty(role) || string.IsNullOrEmpty(source))
        {
            throw new FrameFormatException("hello lacks protocol, role or source");
        }

        return new Hello(protocol.Value, role, source, symbol ?? "") { Exchange = string.IsNullOrEmpty(exchange) ? ExchangeIds.Default : exchange };
    }
}

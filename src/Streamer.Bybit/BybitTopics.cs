using System.Text;
using Streamer.Core.Streams;

namespace Streamer.Bybit;

/// <summary>
/// Bybit v5 public topics of the recorder's streams and the messages that subscribe to them. The WebSocket URL is
/// the connection itself; topics are asked for by <c>{"op":"subscribe","args":[...]}</c>, at most
/// <see cref="MaxTopicsPerMessage"/> per message, and the connection is kept alive by <see cref="PingMessage"/>.
/// </summary>
public static class BybitTopics
{
    /// <summary>Bybit refuses a subscribe request with more topics than this (public linear channel).</summary>
    public const int MaxTopicsPerMessage = 10;

    /// <summary>Bybit's application-level ping.</summary>
    public const string PingMessage = """{"op":"ping"}""";

    /// <summary>Bybit drops a connection that sends no ping for a while; it recommends one every 20 s.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(20);

    /// <summary>Depth of the order book topic: 500 levels, pushed every 100 ms (the deepest linear serves at that speed).</summary>
    public const int BookDepth = 500;

    /// <summary>
    /// The topic of <paramref name="stream"/> of <paramref name="symbol"/>: <c>publicTrade.BTCUSDT</c>,
    /// <c>orderbook.500.BTCUSDT</c>, <c>kline.1.BTCUSDT</c>, <c>tickers.BTCUSDT</c>, <c>allLiquidation.BTCUSDT</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A stream Bybit does not serve.</exception>
    public static string Topic(StreamInfo stream, string symbol)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        return stream.Type switch
        {
            StreamType.Trade => "publicTrade." + symbol,
            StreamType.Depth => "orderbook.500." + symbol,
            StreamType.Kline1m => "kline.1." + symbol,
            StreamType.Ticker => "tickers." + symbol,
            StreamType.ForceOrder => "allLiquidation." + symbol,
            _ => throw new ArgumentException($"bybit-linear has no {stream.ConfigName} stream", nameof(stream)),
        };
    }

    /// <summary>The subscribe requests for <paramref name="topics"/>, <see cref="MaxTopicsPerMessage"/> topics each, in order.</summary>
    public static IReadOnlyList<string> SubscribeMessages(IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var messages = new List<string>();
        foreach (var chunk in topics.Chunk(MaxTopicsPerMessage))
        {
            var text = new StringBuilder("""{"op":"subscribe","args":[""");
            for (var i = 0; i < chunk.Length; i++)
            {
                // Topics are symbol names and fixed words: nothing to escape.
                text.Append(i == 0 ? "\"" : ",\"").Append(chunk[i]).Append('"');
            }

            messages.Add(text.Append("]}").ToString());
        }

        return messages;
    }
}

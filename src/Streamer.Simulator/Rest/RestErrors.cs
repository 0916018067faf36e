using System.Text;
using Streamer.Simulator.Wire;

namespace Streamer.Simulator.Rest;

/// <summary>Binance's error bodies: <c>{"code":-1121,"msg":"Invalid symbol."}</c>.</summary>
internal static class RestErrors
{
    public static byte[] Body(int code, string message)
    {
        var w = new PayloadWriter(128);
        w.Raw("{\"code\":"u8);
        w.Int(code);
        w.Raw(",\"msg\":"u8);
        w.QuotedString(message);
        w.Byte((byte)'}');
        return w.ToArray();
    }

    public static readonly byte[] InvalidSymbol = Encoding.UTF8.GetBytes("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");

    public static byte[] MissingParameter(string name) =>
        Body(-1102, $"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.");

    public static byte[] IllegalParameter(string name) =>
        Body(-1100, $"Illegal characters found in parameter '{name}'; legal range is '^[0-9]{{1,20}}$'.");

    public static byte[] InvalidLimit() => Body(-1130, "Data sent for parameter 'limit' is not valid.");

    public static byte[] TooManyRequests(string ip, int limit) =>
        Body(-1003, $"Too many requests; current limit of IP({ip}) request weight per minute is {limit}. Please use WebSocket Streams for live updates to avoid polling the API.");

    public static byte[] Banned(string ip, long untilMillis) =>
        Body(-1003, $"Way too many requests; IP({ip}) banned until {untilMillis}. Please use WebSocket Streams for live updates to avoid bans.");
}

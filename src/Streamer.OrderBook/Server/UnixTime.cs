namespace Streamer.OrderBook.Server;

/// <summary>The product's local time stamps: microseconds since the Unix epoch.</summary>
internal static class UnixTime
{
    public static long Microseconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
}

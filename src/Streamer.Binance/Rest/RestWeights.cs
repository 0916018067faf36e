namespace Streamer.Binance.Rest;

/// <summary>Request weights of the USD-M endpoints we call (DESIGN section 2, Binance's API documentation).</summary>
public static class RestWeights
{
    /// <summary><c>GET /fapi/v1/exchangeInfo</c>.</summary>
    public const int ExchangeInfo = 1;

    /// <summary><c>GET /fapi/v1/aggTrades</c>.</summary>
    public const int AggTrades = 20;

    /// <summary><c>GET /fapi/v1/depth</c> for a limit: 5-50 → 2, 100 → 5, 500 → 10, 1000 → 20.</summary>
    public static int Depth(int limit) => limit switch
    {
        <= 50 => 2,
        <= 100 => 5,
        <= 500 => 10,
        _ => 20,
    };

    /// <summary><c>GET /fapi/v1/klines</c> for a limit: under 100 → 1, under 500 → 2, up to 1000 → 5, more → 10.</summary>
    public static int Klines(int limit) => limit switch
    {
        < 100 => 1,
        < 500 => 2,
        <= 1000 => 5,
        _ => 10,
    };
}

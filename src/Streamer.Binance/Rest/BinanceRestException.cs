using System.Net;

namespace Streamer.Binance.Rest;

/// <summary>
/// Binance refused a request in a way that retrying cannot fix (HTTP 4xx other than 429/418, e.g.
/// <c>{"code":-1121,"msg":"Invalid symbol."}</c>). Other exchanges' clients derive their own (Bybit's retCode errors), so the
/// worker's handling of a refused request is the same for every exchange.
/// </summary>
public class BinanceRestException : Exception
{
    public BinanceRestException(HttpStatusCode status, string message) : base(message) => Status = status;

    public BinanceRestException()
    {
    }

    public BinanceRestException(string message) : base(message)
    {
    }

    public BinanceRestException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>HTTP status of the answer.</summary>
    public HttpStatusCode Status { get; }
}

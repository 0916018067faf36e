using System.Net;
using Streamer.Binance.Rest;

namespace Streamer.Bybit;

/// <summary>
/// Bybit refused a request in a way that retrying cannot fix: a <c>retCode</c> other than 0 and the rate limits (e.g.
/// <c>10001</c> "params error: symbol invalid"), or an HTTP 4xx other than 403. A <see cref="BinanceRestException"/>,
/// so the worker treats it like any exchange's refusal.
/// </summary>
public sealed class BybitRestException : BinanceRestException
{
    /// <summary>A refusal with Bybit's <paramref name="retCode"/> and <paramref name="retMsg"/>.</summary>
    public BybitRestException(HttpStatusCode status, int retCode, string retMsg, string message)
        : base(status, message)
    {
        RetCode = retCode;
        RetMsg = retMsg;
    }

    public BybitRestException()
    {
    }

    public BybitRestException(string message) : base(message)
    {
    }

    public BybitRestException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Bybit's <c>retCode</c> (0 when the refusal was an HTTP status without one).</summary>
    public int RetCode { get; }

    /// <summary>Bybit's <c>retMsg</c> (empty when none).</summary>
    public string RetMsg { get; } = "";
}

using System.Globalization;
using System.Net;
using System.Text;

namespace Streamer.Bybit.Tests.Rest;

/// <summary>Answers requests from a script, one entry per request (the last one repeats), and records what was asked.</summary>
internal sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] script) : HttpMessageHandler
{
    public List<string> Requests { get; } = [];

    public static Func<HttpRequestMessage, HttpResponseMessage> Answer(int status, string body, long? limitResetMs = null) => _ =>
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (limitResetMs is { } reset)
        {
            response.Headers.Add("X-Bapi-Limit-Reset-Timestamp", reset.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    };

    /// <summary>A successful answer with <paramref name="result"/> in Bybit's envelope.</summary>
    public static Func<HttpRequestMessage, HttpResponseMessage> Ok(string result) =>
        Answer(200, $$"""{"retCode":0,"retMsg":"OK","result":{{result}},"retExtInfo":{},"time":1672304487000}""");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request.RequestUri!.PathAndQuery);
            var step = script[Math.Min(Requests.Count - 1, script.Length - 1)];
            return Task.FromResult(step(request));
        }
    }
}

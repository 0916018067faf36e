using System.Text.Json;

namespace Streamer.Simulator.Tests.Support;

internal static class RestApi
{
    public static HttpClient Client(SimulatedExchange exchange) => new() { BaseAddress = exchange.RestBaseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<JsonElement> GetJsonAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"GET {path}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public static int UsedWeight(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single(), System.Globalization.CultureInfo.InvariantCulture);
}

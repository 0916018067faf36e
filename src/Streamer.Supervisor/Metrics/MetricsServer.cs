using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Metrics;

/// <summary>
/// Serves <c>/metrics</c> (Prometheus) and <c>/health</c> on <c>metrics.listen</c>. Optional by nature:
/// when the address is taken the recorder runs on without it and says so.
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where it listens (the actual port when the configuration said 0).</summary>
    public Uri Address { get; }

    /// <summary>Starts listening on <paramref name="listen"/> (host:port); null with a logged reason when it cannot.</summary>
    /// <param name="listen">host:port; port 0 picks a free port (see <see cref="Address"/> and the log line).</param>
    /// <param name="snapshot">The supervisor's current view.</param>
    /// <param name="log">Where the address (or why there is none) is logged.</param>
    /// <param name="ct">Cancels the start.</param>
    /// <param name="expected">What should run (from the configuration in force); default: the children in the snapshot.</param>
    /// <param name="health">Health thresholds; default <see cref="HealthOptions"/>.</param>
    public static async Task<MetricsServer?> TryStartAsync(string listen, Func<SupervisorSnapshot> snapshot, ILogger log, CancellationToken ct,
        Func<HealthExpectations>? expected = null, HealthOptions? health = null)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(snapshot);
        health ??= new HealthOptions();
        var colon = listen.LastIndexOf(':');
        var host = listen[..colon].Trim('[', ']');
        var port = int.Parse(listen.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            if (IPAddress.TryParse(host, out var address))
            {
                options.Listen(address, port);
            }
            else
            {
                options.ListenLocalhost(port);
            }
        });
        var app = builder.Build();
        app.UseRouting();
        app.MapGet("/metrics", () =>
        {
            var current = snapshot();
            var report = HealthCheck.Evaluate(current, expected?.Invoke(), health);
            return Results.Text(PrometheusText.Render(current, report), "text/plain; version=0.0.4; charset=utf-8");
        });
        app.MapGet("/health", () =>
        {
            var report = HealthCheck.Evaluate(snapshot(), expected?.Invoke(), health);
            var body = JsonSerializer.Serialize(report, MetricsJson.Default.HealthReport);
            return Results.Text(body, "application/json", statusCode: report.Healthy ? 200 : 503);
        });
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            MetricsLog.CannotListen(log, listen, e.Message);
            await app.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var uri = bound is not null && Uri.TryCreate(bound, UriKind.Absolute, out var u) ? u : new Uri($"http://{listen}");
        MetricsLog.Listening(log, uri);
        return new MetricsServer(app, uri);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

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
/// Serves <c>/metrics</c> (Prometheus text, from <see cref="SupervisorMetrics"/>) and <c>/health</c> on
/// <c>metrics.listen</c>, and folds the supervisor's view into the metrics every second between scrapes so
/// the last counts of a child that dies are not missed. Optional by nature: when the address is taken the
/// recorder runs on without it and says so. prometheus-net's own <c>KestrelMetricServer</c> is not used: it
/// serves only <c>/metrics</c>, and this endpoint shares its port with <c>/health</c>.
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    /// <summary>How often the supervisor's view is folded into the metrics between scrapes (children report about once a second).</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private readonly WebApplication _app;
    private readonly SupervisorMetrics _metrics;
    private readonly CancellationTokenSource _stopSampling;
    private readonly Task _sampling;

    private MetricsServer(WebApplication app, Uri address, SupervisorMetrics metrics, CancellationTokenSource stopSampling, Task sampling)
    {
        _app = app;
        Address = address;
        _metrics = metrics;
        _stopSampling = stopSampling;
        _sampling = sampling;
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
    /// <param name="time">Clock of the sampling between scrapes; default the system clock.</param>
    public static async Task<MetricsServer?> TryStartAsync(string listen, Func<SupervisorSnapshot> snapshot, ILogger log, CancellationToken ct,
        Func<HealthExpectations>? expected = null, HealthOptions? health = null, TimeProvider? time = null)
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
        var metrics = new SupervisorMetrics();
        HealthReport Evaluate(SupervisorSnapshot current) => HealthCheck.Evaluate(current, expected?.Invoke(), health);
        app.UseRouting();
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            var current = snapshot();
            var body = await metrics.ScrapeAsync(current, Evaluate(current), context.RequestAborted).ConfigureAwait(false);
            return Results.Bytes(body, SupervisorMetrics.ContentType);
        });
        app.MapGet("/health", () =>
        {
            var report = Evaluate(snapshot());
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
            metrics.Dispose();
            return null;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var uri = bound is not null && Uri.TryCreate(bound, UriKind.Absolute, out var u) ? u : new Uri($"http://{listen}");
        MetricsLog.Listening(log, uri);
        var stopSampling = new CancellationTokenSource();
        var sampling = SampleAsync(metrics, () =>
        {
            var current = snapshot();
            return (current, Evaluate(current));
        }, time ?? TimeProvider.System, log, stopSampling.Token);
        return new MetricsServer(app, uri, metrics, stopSampling, sampling);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopSampling.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _stopSampling.Dispose();
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _metrics.Dispose();
    }

    private static async Task SampleAsync(SupervisorMetrics metrics, Func<(SupervisorSnapshot, HealthReport)> view, TimeProvider time, ILogger log, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(SampleInterval, time);
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    var (snapshot, health) = view();
                    await metrics.UpdateAsync(snapshot, health, ct).ConfigureAwait(false);
                    failing = false;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Metrics must never stop the recorder; say it once per run of failures, not every second.
                    if (!failing)
                    {
                        MetricsLog.SampleFailed(log, e.Message);
                    }

                    failing = true;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

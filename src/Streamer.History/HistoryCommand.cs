using System.Globalization;
using Microsoft.Extensions.Logging;
using Streamer.Core;
using Streamer.Core.Cli;
using Streamer.History.Cli;
using Streamer.History.Download;
using Streamer.History.Fill;
using Streamer.History.Running;

namespace Streamer.History;

/// <summary>
/// <c>streamer history download|fill</c>: Binance's public historical dumps into the recorder's own files
/// (README.md next to this file). Exit code 0 when every requested day is there, 1 when one could not be
/// fetched or verified, 2 for bad usage.
/// </summary>
public static class HistoryCommand
{
    /// <summary>Runs the command with the console's terminal detection.</summary>
    /// <param name="settings">From the configuration.</param>
    /// <param name="args">Everything after <c>history</c>.</param>
    /// <param name="output">The progress lines and the summary (stdout).</param>
    /// <param name="error">Usage errors (stderr).</param>
    /// <param name="logger">Retries and refusals; null for none.</param>
    /// <param name="ct">Stops the run; interrupted downloads resume next time.</param>
    public static Task<int> RunAsync(HistorySettings settings, string[] args, TextWriter output, TextWriter error, ILogger? logger, CancellationToken ct)
    {
        var terminal = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
        return RunAsync(settings, args, output, error, HistoryEnvironment.Default(logger, terminal), ct);
    }

    internal static async Task<int> RunAsync(HistorySettings settings, string[] args, TextWriter output, TextWriter error, HistoryEnvironment env, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var today = DateOnly.FromDateTime(env.Time.GetUtcNow().UtcDateTime);
        var cli = new HistoryCli();
        var parsed = ToolCommandLine.Parse(cli.Command, args ?? []);
        if (await ToolCommandLine.AnswerHelpOrErrorsAsync(parsed, HistoryCli.Notes, output, error, ct).ConfigureAwait(false) is { } answered)
        {
            return answered;
        }

        var (request, problem) = cli.Read(parsed, today);
        if (request is null)
        {
            await error.WriteLineAsync($"history: {problem}\nRun 'streamer history --help' for usage.".AsMemory(), ct).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var symbols = request.Symbols.Count > 0 || request.Action == HistoryAction.Fill ? request.Symbols : settings.ConfiguredSymbols;
        if (symbols.Count == 0 && request.Action == HistoryAction.Download)
        {
            await error.WriteLineAsync("history: name the symbols with --symbols BTCUSDT,ETHUSDT (the configuration enables none)".AsMemory(), ct).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (request.Action == HistoryAction.Fill && !Directory.Exists(settings.DataDir))
        {
            await error.WriteLineAsync($"history: the data directory {settings.DataDir} does not exist; check storage.data_dir (or -c with the recorder's config)".AsMemory(), ct).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var state = Path.Combine(settings.DataDir, ".history");
        Directory.CreateDirectory(state);
        FileStream runLock;
        try
        {
            // flock: released by the kernel even after kill -9, so a crashed run never blocks the next one.
            runLock = new FileStream(Path.Combine(state, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            await error.WriteLineAsync($"history: another `streamer history` is running on {settings.DataDir}; wait for it to finish".AsMemory(), ct).ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await using (runLock.ConfigureAwait(false))
        {
            using var http = new HttpClient(env.Handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: env.Handler is null)
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            var baseUrl = request.BaseUrl ?? settings.BaseUrl;
            baseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
            var retry = RetryPolicy.Default with { Retries = request.Retries, FirstDelay = env.FirstRetryDelay };
            var downloader = new ArchiveDownloader(http, baseUrl, Path.Combine(state, "downloads"), retry, env.ReadTimeout, env.Time, env.Logger);
            var started = env.Time.GetTimestamp();
            IReadOnlyList<DayOutcome> outcomes = [];
            long bytes = 0;
            if (request.Action == HistoryAction.Fill)
            {
                var fill = new FillRun(settings.DataDir, downloader, settings.CloseGrace, env.Time, env.Logger);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"history fill: only closed days are touched (before {today:yyyy-MM-dd} UTC, yesterday only from {fill.ClosedAt(today.AddDays(-1)):HH:mm} UTC: storage.close_grace); the running recorder's writer owns the open ones").AsMemory(), ct).ConfigureAwait(false);
                bytes = await WithProgressAsync(env, output, async p => outcomes = await fill.RunAsync(request, p, ct).ConfigureAwait(false)).ConfigureAwait(false);
            }
            else
            {
                var download = new DownloadRun(settings.DataDir, downloader, env.Logger);
                bytes = await WithProgressAsync(env, output, async p => outcomes = await download.RunAsync(request, symbols, today, p, ct).ConfigureAwait(false)).ConfigureAwait(false);
            }

            var command = request.Action == HistoryAction.Fill ? "fill" : "download";
            await output.WriteAsync(SummaryTable.Render(outcomes, command, env.Time.GetElapsedTime(started), bytes).AsMemory(), ct).ConfigureAwait(false);
            await output.FlushAsync(ct).ConfigureAwait(false);
            return outcomes.Any(o => o.IsError) ? ExitCodes.Failure : ExitCodes.Ok;
        }
    }

    /// <summary>Runs the work under the right display; returns the bytes received.</summary>
    private static async Task<long> WithProgressAsync(HistoryEnvironment env, TextWriter output, Func<IRunProgress, Task> work)
    {
        long bytes = 0;
        if (env.Terminal)
        {
            await TerminalProgress.RunAsync(env.Time, async p =>
            {
                await work(p).ConfigureAwait(false);
                bytes = p.Bytes;
            }).ConfigureAwait(false);
            return bytes;
        }

        var plain = new PlainProgress(output, env.Time);
        await work(plain).ConfigureAwait(false);
        return plain.Bytes;
    }
}

using Streamer.Core;
using Streamer.Core.Cli;
using Streamer.Verify.Cli;
using Streamer.Verify.Holes;
using Streamer.Verify.Report;
using Streamer.Verify.Running;

namespace Streamer.Verify;

/// <summary>
/// <c>streamer verify [--date YYYY-MM-DD]... [--json] [SYMBOL | EXCHANGE/SYMBOL...]</c>: checks recorded files for gaps,
/// duplicates, depth chain breaks and damage, so users can trust the data they train on (see README.md
/// next to this file for what is checked and how).
/// </summary>
public static class VerifyCommand
{
    /// <summary>Runs the command; returns 0 only when every checked file is clean, 1 when problems were found, 2 for bad usage.</summary>
    /// <param name="dataDir">The configuration's <c>storage.data_dir</c>.</param>
    /// <param name="args">Everything after <c>verify</c> on the command line.</param>
    /// <param name="output">Where the report goes (stdout).</param>
    /// <param name="error">Where usage errors and the progress line go (stderr).</param>
    /// <param name="ct">Stops the run.</param>
    public static Task<int> RunAsync(string dataDir, string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        // Progress and colour only on a terminal, and only when the writers are the console's own.
        var progressOnTerminal = !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error);
        var colour = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out)
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return RunAsync(dataDir, args, output, error, new Terminal(progressOnTerminal, colour), TimeProvider.System, ct);
    }

    internal static async Task<int> RunAsync(string dataDir, string[] args, TextWriter output, TextWriter error, Terminal terminal, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataDir);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var cli = new VerifyCli();
        var parsed = ToolCommandLine.Parse(cli.Command, args ?? []);
        if (await ToolCommandLine.AnswerHelpOrErrorsAsync(parsed, VerifyCli.Notes, output, error, ct).ConfigureAwait(false) is { } answered)
        {
            return answered;
        }

        var options = cli.Read(parsed);

        if (!Directory.Exists(dataDir))
        {
            await error.WriteLineAsync($"verify: the data directory {dataDir} does not exist; check storage.data_dir in the configuration (or pass -c with the config the recorder used)".AsMemory(), ct).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (options.MissingDays)
        {
            var missing = RecordingHoles.MissingDays(dataDir, options.Symbols, streams: null, exchanges: null);
            await MissingDaysRenderer.WriteAsync(missing, options.Json, output, ct).ConfigureAwait(false);
            return missing.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        }

        var progress = new VerifyProgress();
        VerifyReport? report = null;
        using (var stopProgress = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var display = terminal.Progress
                ? new ProgressDisplay(progress, error, time).RunAsync(stopProgress.Token)
                : Task.CompletedTask;
            try
            {
                report = await new Verifier(dataDir, options, time, progress).RunAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Reported below, once the progress line is erased.
            }
            finally
            {
                await stopProgress.CancelAsync().ConfigureAwait(false);
                await display.ConfigureAwait(false);
            }
        }

        if (report is null)
        {
            await error.WriteLineAsync("verify: interrupted before all files were checked").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (options.Json)
        {
            await JsonRenderer.WriteAsync(report, output, ct).ConfigureAwait(false);
        }
        else
        {
            await new TableRenderer(output, terminal.Colour).WriteAsync(report, ct).ConfigureAwait(false);
        }

        await output.FlushAsync(ct).ConfigureAwait(false);
        return report.Clean ? ExitCodes.Ok : ExitCodes.Failure;
    }

    /// <summary>What the output streams are attached to.</summary>
    /// <param name="Progress">Draw the progress line on the error writer.</param>
    /// <param name="Colour">Colour the table.</param>
    internal sealed record Terminal(bool Progress, bool Colour);
}

using System.CommandLine;
using System.CommandLine.Help;
using Streamer.Simulator.Cli;

namespace Streamer.Simulator;

/// <summary>The <c>streamer simulate</c> role: parses arguments, runs the exchange until cancelled.</summary>
public static class SimulatorCommand
{
    /// <summary>
    /// Checks simulator arguments without starting anything: null when they parse, else the problem. Lets
    /// <c>streamer --simulate ...</c> refuse bad ones at once instead of restarting a simulator that exits 2.
    /// </summary>
    public static string? Validate(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = Parse(new SimulatorCli(), args);
        if (result.Action is HelpAction)
        {
            // A recording whose simulator only prints its help would restart it forever.
            return "the simulator's options are listed by streamer simulate --help";
        }

        return result.Errors.Count == 0 ? null : Problem(result);
    }

    /// <summary>
    /// Parses <paramref name="args"/> (what follows <c>simulate</c>) and runs until <paramref name="ct"/> is cancelled.
    /// <c>--help</c> prints the options and <see cref="SimulatorCli.Notes"/> (exit 0); bad arguments print one line to
    /// stderr (exit 2). <c>streamer simulate</c> parses with its own command line and calls the other overload.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cli = new SimulatorCli();
        var result = Parse(cli, args);
        if (result.Action is HelpAction)
        {
            result.Invoke(new InvocationConfiguration { Output = Console.Out, Error = Console.Error });
            await Console.Out.WriteAsync(SimulatorCli.Notes).ConfigureAwait(false);
            return 0;
        }

        if (result.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"simulate: {Problem(result)}").ConfigureAwait(false);
            return 2;
        }

        return await RunAsync(cli.Read(result), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the exchange until <paramref name="ct"/> is cancelled: prints the listening line, exit 0; a failure to start
    /// prints one line (exit 1, or 2 for options the exchange refuses).
    /// </summary>
    public static async Task<int> RunAsync(SimulatorOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        SimulatedExchange exchange;
        try
        {
            exchange = await SimulatedExchange.StartAsync(options, ct).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"simulate: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (IOException e)
        {
            // Kestrel reports an address in use as an IOException; so does an unwritable truth directory.
            await Console.Error.WriteLineAsync($"simulate: could not start on {options.Host}:{options.Port}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            await Console.Error.WriteLineAsync($"simulate: could not start: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (exchange.ConfigureAwait(false))
        {
            await Console.Out.WriteLineAsync($"simulator listening on {exchange.RestBaseUrl.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            await Console.Out.FlushAsync(ct).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
    }

    private static ParseResult Parse(SimulatorCli cli, IReadOnlyList<string> args) => new RootCommand { cli.Command }.Parse(["simulate", .. args]);

    private static string Problem(ParseResult result) => string.Join("; ", result.Errors.Select(e => e.Message.TrimEnd('.')));
}

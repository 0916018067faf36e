using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Commands;

/// <summary><c>streamer --list-symbols</c>: the selected mode's symbols as an aligned table.</summary>
public static class ListSymbolsHandler
{
    /// <summary>Prints the table; exit code 0.</summary>
    public static int Run(ListSymbolsCommand command, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(console);
        var config = ConfigLoader.Load(command.ConfigPath, checkDataDir: false);
        console.Out.Write(Render(config, console.Color));
        return ExitCodes.Ok;
    }

    /// <summary>The mode line and the symbol table.</summary>
    public static string Render(StreamerConfig config, bool color)
    {
        ArgumentNullException.ThrowIfNull(config);
        var table = new TextTable("SYMBOL", "EXCHANGE", "ENABLED", "DEPTH_SNAPSHOT", "STREAMS");
        foreach (var symbol in config.Symbols)
        {
            table.Add(
                new Cell(symbol.Symbol),
                new Cell(symbol.Exchange),
                new Cell(symbol.Enabled ? "yes" : "no", symbol.Enabled ? Ansi.Green : Ansi.Yellow),
                new Cell(symbol.DepthSnapshot ? "yes" : "no"),
                new Cell(string.Join(',', symbol.Streams.Select(s => s.ConfigName))));
        }

        var enabled = config.Symbols.Count(s => s.Enabled);
        return FormattableString.Invariant($"mode: {config.Mode} ({enabled} of {config.Symbols.Count} symbols enabled; {config.SourcePath})\n\n") + table.Render(color);
    }
}

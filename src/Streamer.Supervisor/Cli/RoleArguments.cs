using System.Globalization;

namespace Streamer.Supervisor.Cli;

/// <summary>
/// Arguments of an internal role, written by <see cref="Processes.SelfLauncher"/> and read by <see cref="RoleCommands"/>;
/// the two must agree, so both live in this library. Users never type these.
/// </summary>
public static class RoleArguments
{
    /// <summary>Builds the arguments that <see cref="RoleCommands"/> reads back (without the role word).</summary>
    /// <param name="configPath">Configuration file the child reads.</param>
    /// <param name="runId">Run id (names the pipes).</param>
    /// <param name="parentPid">Pid the child watches.</param>
    /// <param name="symbols">A worker's symbols (one, or a group), else empty.</param>
    /// <param name="exchange">Exchange address overriding the configured one.</param>
    /// <param name="verbose">Debug logging.</param>
    public static IReadOnlyList<string> Format(string configPath, string runId, int parentPid, IReadOnlyList<string> symbols, Uri? exchange, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var args = new List<string> { "--config", configPath, "--run-id", runId, "--parent-pid", parentPid.ToString(CultureInfo.InvariantCulture) };
        if (symbols.Count > 0)
        {
            // One argument for a whole group keeps `ps` readable: --symbol BTCUSDT,ETHUSDT.
            args.Add("--symbol");
            args.Add(string.Join(',', symbols));
        }

        if (exchange is not null)
        {
            args.Add("--exchange");
            args.Add(exchange.ToString());
        }

        if (verbose)
        {
            args.Add("-v");
        }

        return args;
    }
}

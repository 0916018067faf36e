using System.Globalization;
using Streamer.Supervisor.Cli;

namespace Streamer.Supervisor.Processes;

/// <summary>
/// Launches the roles of this executable: <c>streamer writer|worker|orderbook --config ... --run-id ...
/// --parent-pid ...</c> and <c>streamer simulate --parent-pid ... --port N ...</c>.
/// </summary>
public sealed class SelfLauncher : IChildLauncher
{
    private readonly SelfCommand _self;
    private readonly string _runId;
    private readonly int _parentPid;
    private readonly bool _verbose;
    private readonly IReadOnlyList<string> _simulatorArgs;

    /// <param name="self">This executable.</param>
    /// <param name="configPath">Configuration file the children read.</param>
    /// <param name="runId">Run identifier (the supervisor's pid as text).</param>
    /// <param name="parentPid">Pid children watch to exit with the supervisor.</param>
    /// <param name="verbose">Pass <c>-v</c> on.</param>
    /// <param name="simulatorArgs">User's simulator options (for <c>--simulate</c>).</param>
    public SelfLauncher(SelfCommand self, string configPath, string runId, int parentPid, bool verbose, IReadOnlyList<string>? simulatorArgs = null)
    {
        _self = self;
        ConfigPath = configPath;
        _runId = runId;
        _parentPid = parentPid;
        _verbose = verbose;
        _simulatorArgs = simulatorArgs ?? [];
    }

    /// <summary>Configuration file children read; replaced when a reload is accepted.</summary>
    public string ConfigPath { get; set; }

    /// <summary>
    /// The configured symbols of each exchange, which <c>--simulate</c> has the simulator generate unless the user named
    /// symbols himself (<c>--symbols</c>, <c>--cm-symbols</c>, <c>--spot-symbols</c>, <c>--bybit-symbols</c>): a simulated run then records
    /// every configured market, not only the simulator's default USD-M pair.
    /// </summary>
    public ILookup<string, string>? SimulatedSymbols { get; set; }

    /// <summary>Exchange the children use instead of the configured one (the simulator's address).</summary>
    public Uri? Exchange { get; set; }

    /// <summary>Port the simulator listens on once known, so a restarted simulator keeps the address the workers use.</summary>
    public int? SimulatorPort { get; set; }

    /// <inheritdoc />
    public ChildSpec Create(ChildRole role, IReadOnlyList<string> symbols)
    {
        IEnumerable<string> args = role == ChildRole.Simulator
            ? SimulatorArguments()
            : [ChildRoles.Command(role), .. RoleArguments.Format(ConfigPath, _runId, _parentPid, symbols, Exchange, _verbose)];
        return _self.With(args) with { Environment = ChildEnvironment.Variables };
    }

    private static readonly (string Exchange, string Option)[] SymbolOptionOf =
    [
        (Core.Exchanges.ExchangeIds.BinanceUsdM, "--symbols"),
        (Core.Exchanges.ExchangeIds.BinanceCoinM, "--cm-symbols"),
        (Core.Exchanges.ExchangeIds.BinanceSpot, "--spot-symbols"),
        (Core.Exchanges.ExchangeIds.BybitLinear, "--bybit-symbols"),
    ];

    private static readonly string[] SymbolOptions = [.. SymbolOptionOf.Select(o => o.Option)];

    private List<string> SimulatorArguments()
    {
        var args = new List<string> { "simulate", "--parent-pid", _parentPid.ToString(CultureInfo.InvariantCulture) };
        if (!_simulatorArgs.Any(a => a == "--port" || a.StartsWith("--port=", StringComparison.Ordinal)))
        {
            args.Add("--port");
            args.Add((SimulatorPort ?? 0).ToString(CultureInfo.InvariantCulture));
        }

        if (SimulatedSymbols is { } symbols && !_simulatorArgs.Any(a => SymbolOptions.Any(o => a == o || a.StartsWith(o + "=", StringComparison.Ordinal))))
        {
            foreach (var (exchange, option) in SymbolOptionOf)
            {
                if (symbols[exchange].Any())
                {
                    args.Add(option);
                    args.Add(string.Join(',', symbols[exchange]));
                }
            }
        }

        args.AddRange(_simulatorArgs);
        return args;
    }
}

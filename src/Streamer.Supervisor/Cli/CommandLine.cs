using System.Globalization;

namespace Streamer.Supervisor.Cli;

/// <summary>
/// Parses the command line. Documented options come from <see cref="CliOptions"/>; the first word
/// <c>writer</c>, <c>worker</c>, <c>orderbook</c> or <c>simulate</c> selects an internal role instead.
/// </summary>
public static class CommandLine
{
    /// <summary>Configuration file used when <c>-c</c> is not given.</summary>
    public const string DefaultConfigPath = "config.yaml";

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="UsageException">The arguments are not a valid command.</exception>
    public static CliCommand Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count > 0)
        {
            switch (args[0])
            {
                case "writer": return RoleArguments.Parse(ChildRole.Writer, args.Skip(1).ToList());
                case "worker": return RoleArguments.Parse(ChildRole.Worker, args.Skip(1).ToList());
                case "orderbook": return RoleArguments.Parse(ChildRole.OrderBook, args.Skip(1).ToList());
                case "uploader": return RoleArguments.Parse(ChildRole.Uploader, args.Skip(1).ToList());
                case "upload": return ParseUpload(DefaultConfigPath, args.Skip(1).ToList());
                case "simulate": return ParseSimulate(args.Skip(1).ToList());
                case "verify": return ParseVerify(DefaultConfigPath, args.Skip(1).ToList());
                case "history": return ParseHistory(DefaultConfigPath, args.Skip(1).ToList());
                case "convert": return ParseConvert(DefaultConfigPath, args.Skip(1).ToList());
                default: break;
            }
        }

        return ParseDocumented(args);
    }

    private static CliCommand ParseDocumented(IReadOnlyList<string> args)
    {
        var seen = new Dictionary<CliOption, string?>();
        List<string>? simulatorArgs = null;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = SplitInline(args[i]);
            if (name == "verify")
            {
                // streamer -c x.yaml verify ...: options before the word are ours, the rest the verifier's.
                return ParseVerify(seen.GetValueOrDefault(CliOptions.Config) ?? DefaultConfigPath, args.Skip(i + 1).ToList());
            }

            if (name == "upload")
            {
                return ParseUpload(seen.GetValueOrDefault(CliOptions.Config) ?? DefaultConfigPath, args.Skip(i + 1).ToList());
            }

            if (name == "convert")
            {
                return ParseConvert(seen.GetValueOrDefault(CliOptions.Config) ?? DefaultConfigPath, args.Skip(i + 1).ToList());
            }

            if (name == "history")
            {
                return ParseHistory(seen.GetValueOrDefault(CliOptions.Config) ?? DefaultConfigPath, args.Skip(i + 1).ToList());
            }

            var option = name.StartsWith('-') ? CliOptions.Find(name) : null;
            if (option is null)
            {
                throw new UsageException(name.StartsWith('-')
                    ? $"unknown option '{name}'"
                    : $"unexpected argument '{args[i]}'");
            }

            if (option == CliOptions.Simulate)
            {
                // Everything after --simulate belongs to the simulator, so its own options never clash with ours.
                simulatorArgs = [.. args.Skip(i + 1)];
                seen[option] = null;
                break;
            }

            if (seen.ContainsKey(option))
            {
                throw new UsageException($"{option.Long} is given twice");
            }

            string? value = null;
            if (option.TakesValue)
            {
                value = inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"{option.Long} needs a value: <{option.Argument}>"));
            }
            else if (inlineValue is not null)
            {
                throw new UsageException($"{option.Long} does not take a value");
            }

            seen[option] = value;
        }

        return Build(seen, simulatorArgs);
    }

    private static CliCommand Build(Dictionary<CliOption, string?> seen, List<string>? simulatorArgs)
    {
        if (seen.ContainsKey(CliOptions.Help))
        {
            return new HelpCommand();
        }

        if (seen.ContainsKey(CliOptions.Version))
        {
            return new VersionCommand();
        }

        var config = seen.GetValueOrDefault(CliOptions.Config) ?? DefaultConfigPath;
        if (config.Length == 0)
        {
            throw new UsageException("--config needs a file name");
        }

        var verbose = seen.ContainsKey(CliOptions.Verbose);
        var actions = new[] { CliOptions.Daemon, CliOptions.Status, CliOptions.ListSymbols }.Where(seen.ContainsKey).ToList();
        if (actions.Count > 1)
        {
            throw new UsageException($"{actions[0].Long} and {actions[1].Long} cannot be combined");
        }

        var action = actions.FirstOrDefault();
        if (seen.ContainsKey(CliOptions.Json) && action != CliOptions.Status)
        {
            throw new UsageException("--json only goes with --status");
        }

        if (simulatorArgs is not null && action is not null && action != CliOptions.Daemon)
        {
            throw new UsageException($"--simulate cannot be combined with {action.Long}");
        }

        var run = new RunCommand(config, verbose, simulatorArgs, seen.ContainsKey(CliOptions.Daemonized));
        if (action == CliOptions.Status)
        {
            return new StatusCommand(config, seen.ContainsKey(CliOptions.Json));
        }

        if (action == CliOptions.ListSymbols)
        {
            return new ListSymbolsCommand(config);
        }

        if (action == CliOptions.Daemon)
        {
            var verb = seen[CliOptions.Daemon] switch
            {
                "start" => DaemonAction.Start,
                "stop" => DaemonAction.Stop,
                "restart" => DaemonAction.Restart,
                "status" => DaemonAction.Status,
                var other => throw new UsageException($"--daemon takes start, stop, restart or status, not '{other}'"),
            };
            if (simulatorArgs is not null && verb is DaemonAction.Stop or DaemonAction.Status)
            {
                throw new UsageException($"--simulate does not go with --daemon {seen[CliOptions.Daemon]}");
            }

            return new DaemonCommand(verb, run);
        }

        return run;
    }

    /// <summary>Takes <c>-c</c>/<c>--config</c> out of the verifier's arguments (it only needs the data directory).</summary>
    private static VerifyFilesCommand ParseVerify(string configPath, List<string> args)
    {
        var (config, rest) = TakeConfig(configPath, args);
        return new VerifyFilesCommand(config, rest);
    }

    /// <summary>Takes <c>-c</c>/<c>--config</c> out of the history arguments (they need the data directory and the dump server).</summary>
    private static UploadFilesCommand ParseUpload(string configPath, List<string> args)
    {
        var (config, rest) = TakeConfig(configPath, args);
        if (rest.Count != 1 || rest[0] != "--once")
        {
            throw new UsageException("upload takes --once: streamer [-c config.yaml] upload --once (uploads the sealed files now and exits)");
        }

        return new UploadFilesCommand(config, rest);
    }

    private static HistoryFilesCommand ParseHistory(string configPath, List<string> args)
    {
        var (config, rest) = TakeConfig(configPath, args);
        return new HistoryFilesCommand(config, rest);
    }

    /// <summary>Takes <c>-c</c>/<c>--config</c> out of the convert arguments (they need the data directory and layout).</summary>
    private static ConvertFilesCommand ParseConvert(string configPath, List<string> args)
    {
        var (config, rest) = TakeConfig(configPath, args);
        return new ConvertFilesCommand(config, rest);
    }

    private static (string ConfigPath, List<string> Remaining) TakeConfig(string configPath, List<string> args)
    {
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = SplitInline(args[i]);
            if (name is "-c" or "--config")
            {
                configPath = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException("--config needs a value: <file>"));
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return (configPath, rest);
    }

    private static SimulateCommand ParseSimulate(List<string> args)
    {
        var parentPid = 0;
        if (args.Count >= 1 && args[0] == "--parent-pid")
        {
            if (args.Count < 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out parentPid))
            {
                throw new UsageException("--parent-pid needs a process id");
            }

            args = args.Skip(2).ToList();
        }

        return new SimulateCommand(args, parentPid);
    }

    /// <summary>Splits <c>--name=value</c>; short options and plain words are returned whole.</summary>
    internal static (string Name, string? Value) SplitInline(string arg)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal))
        {
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 2)
            {
                return (arg[..eq], arg[(eq + 1)..]);
            }
        }

        return (arg, null);
    }
}

using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Streamer.History.Cli;
using Streamer.Simulator;
using Streamer.Simulator.Cli;
using Streamer.Storage.Convert;
using Streamer.Verify.Cli;

namespace Streamer.Supervisor.Cli;

/// <summary>
/// The command line of the one executable, built with System.CommandLine: the recorder's options on the root, the
/// tools as commands, the internal roles as hidden commands. Help, typo suggestions and completion come from
/// the same definitions the parser uses.
/// </summary>
public static class CommandLine
{
    /// <summary>Configuration file used when <c>-c</c> is not given.</summary>
    public const string DefaultConfigPath = "config.yaml";

    /// <summary>Builds the command tree (a new one each time: System.CommandLine symbols carry their parents).</summary>
    public static RootCommand Create()
    {
        var options = new RootOptions();
        var root = new RootCommand(HelpText.Banner);
        foreach (var option in options.All)
        {
            root.Add(option);
        }

        var simulateRun = new Command("--simulate", "record from the built-in simulated exchange (offline); every word after it goes to the simulator")
        {
            options.SimulatorArgs,
        };
        simulateRun.Validators.Add(r =>
        {
            // The root's rules too: a parse that ends in a command validates that command, not the root.
            options.Validate(r, simulateRun);
            if (SimulatorCommand.Validate(r.GetValue(options.SimulatorArgs) ?? []) is { } problem)
            {
                // Often one of streamer's own options put after --simulate; without this check it would only show as
                // a simulator child that keeps exiting with code 2.
                r.AddError($"--simulate: {problem} (options after --simulate go to the simulator; streamer's own, like -c, go before it)");
            }
        });
        simulateRun.Action = new BindAction(r => options.Bind(r, r.GetValue(options.SimulatorArgs) ?? []));
        root.Add(simulateRun);
        root.Validators.Add(r => options.Validate(r, simulateRun));
        root.Action = new BindAction(r => options.Bind(r, simulatorArgs: null));

        var verify = ToolCommands.Mount(new VerifyCli().Command, options.Config, (config, args) => new VerifyFilesCommand(config, args));
        var history = ToolCommands.Mount(new HistoryCli().Command, options.Config, (config, args) => new HistoryFilesCommand(config, args));
        var convert = ToolCommands.Mount(new ConvertCli().Command, options.Config, (config, args) => new ConvertFilesCommand(config, args));
        root.Add(verify);
        root.Add(history);
        root.Add(convert);
        root.Add(ToolCommands.Upload(options.Config));
        root.Add(ToolCommands.Simulate());
        root.Add(ToolCommands.Completion());
        foreach (var role in RoleCommands.Create())
        {
            root.Add(role);
        }

        var notes = new Dictionary<Command, string>
        {
            [root] = HelpText.RootNotes,
            [simulateRun] = "The simulator's options are listed by streamer simulate --help; streamer's own (-c, -v, --daemon start) go before --simulate.\n",
            [root.Subcommands.Single(c => c.Name == "simulate")] = SimulatorCli.Notes,
            [verify] = VerifyCli.Notes,
            [convert] = ConvertCli.Notes,
        };
        foreach (var command in history.Subcommands.Append(history))
        {
            notes[command] = HistoryCli.Notes;
        }

        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithNotes((HelpAction)help.Action!, notes);
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();
        return root;
    }

    /// <summary>What <paramref name="args"/> ask for.</summary>
    /// <exception cref="UsageException">The arguments are not a valid command.</exception>
    public static CliCommand Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Bind(Create().Parse(args));
    }

    /// <summary>The command of a parse: streamer's own, or System.CommandLine's (help, version, [suggest]).</summary>
    /// <exception cref="UsageException">The parse has errors.</exception>
    public static CliCommand Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        switch (result.Action)
        {
            case BindAction bind when result.Errors.Count == 0:
                return bind.Bind(result);
            case ParseErrorAction errors:
                throw Usage(result, errors);
            case null when result.Errors.Count > 0:
                throw new UsageException([.. result.Errors.Select(e => e.Message)], "", HelpCommand(result));
            default:
                return new BuiltInCommand(result);
        }
    }

    private static UsageException Usage(ParseResult result, ParseErrorAction action)
    {
        // System.CommandLine's typo corrections ("'--statu' was not matched. Did you mean one of the following?"),
        // without the full help it would print after them: the error stays one screen.
        action.ShowHelp = false;
        action.ShowTypoCorrections = true;
        using var suggestions = new StringWriter();
        result.Invoke(new InvocationConfiguration { Output = suggestions, Error = TextWriter.Null });
        return new UsageException([.. result.Errors.Select(e => e.Message).Distinct()], FirstBlock(suggestions.ToString()), HelpCommand(result));
    }

    /// <summary>
    /// The corrections of the first unmatched word only: it is the typo, the words after it are mostly its value
    /// (<c>--paralel 3</c> would also get "did you mean -c" for the 3).
    /// </summary>
    private static string FirstBlock(string suggestions)
    {
        var lines = suggestions.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var next = lines.FindIndex(1, l => l.Contains("was not matched", StringComparison.Ordinal));
        return string.Join('\n', next < 0 ? lines : lines.Take(next)).Trim();
    }

    /// <summary><c>streamer verify --help</c> for an error in verify's words; <c>streamer --help</c> for the root's.</summary>
    private static string HelpCommand(ParseResult result)
    {
        var names = new List<string>();
        for (var command = result.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (command.Command is not RootCommand && !command.Command.Name.StartsWith('-'))
            {
                names.Insert(0, command.Command.Name);
            }
        }

        return string.Join(' ', ["streamer", .. names, "--help"]);
    }
}

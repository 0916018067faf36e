using System.CommandLine;
using System.CommandLine.Parsing;
using Streamer.Simulator.Cli;

namespace Streamer.Supervisor.Cli;

/// <summary>
/// The commands that are not the recorder itself: <c>verify</c>, <c>history</c>, <c>convert</c>, <c>upload</c>,
/// <c>simulate</c> and <c>completion</c>.
/// </summary>
internal static class ToolCommands
{
    /// <summary>
    /// Mounts a tool's own definition (verify, history, convert) and adds <c>-c</c> to it. Once the line parses, the tool
    /// gets its words unchanged, less <c>-c</c>: it parses them again with the same definition, so nothing can differ.
    /// </summary>
    public static Command Mount(Command tool, Option<string> rootConfig, Func<string, IReadOnlyList<string>, CliCommand> create)
    {
        var config = ConfigOption.Create();
        config.Recursive = true;
        tool.Add(config);
        var bind = new BindAction(r => create(ConfigOption.Read(r, config, rootConfig), ToolWords(r, tool, config)));
        foreach (var command in Leaves(tool))
        {
            command.Action = bind;
        }

        return tool;
    }

    /// <summary>The words after the tool's own word, as tokenized (<c>--date=X</c> is two), without <c>-c file</c>.</summary>
    private static List<string> ToolWords(ParseResult result, Command tool, Option<string> config)
    {
        var toolWord = result.GetResult(tool)!.IdentifierToken;
        var configWords = result.GetResult(config) is { } given ? new HashSet<Token>([given.IdentifierToken!, .. given.Tokens], ReferenceEqualityComparer.Instance) : [];
        return [.. result.Tokens.SkipWhile(t => !ReferenceEquals(t, toolWord)).Skip(1).Where(t => !configWords.Contains(t)).Select(t => t.Value)];
    }

    private static IEnumerable<Command> Leaves(Command command) =>
        command.Subcommands.Count == 0 ? [command] : command.Subcommands.SelectMany(Leaves);

    public static Command Upload(Option<string> rootConfig)
    {
        var config = ConfigOption.Create();
        var once = new Option<bool>("--once") { Description = "upload the sealed files now and exit (for cron; exit 1 when some are left)" };
        var command = new Command("upload", "upload the sealed day files to object storage (the upload: section)") { config, once };
        command.Validators.Add(r =>
        {
            if (r.GetResult(once) is null)
            {
                r.AddError("upload takes --once: streamer [-c config.yaml] upload --once (uploads the sealed files now and exits)");
            }
        });
        command.Action = new BindAction(r => new UploadFilesCommand(ConfigOption.Read(r, config, rootConfig), ["--once"]));
        return command;
    }

    /// <summary>The simulator's own definition, plus the hidden <c>--parent-pid</c> the supervisor adds when it is the parent.</summary>
    public static Command Simulate()
    {
        var cli = new SimulatorCli();
        var parentPid = new Option<int>("--parent-pid") { Hidden = true, Description = "internal: the supervisor's pid" };
        cli.Command.Add(parentPid);
        cli.Command.Action = new BindAction(r => new SimulateCommand(cli.Read(r), r.GetValue(parentPid)));
        return cli.Command;
    }

    public static Command Completion()
    {
        var shell = new Argument<string>("shell") { Description = "the shell: " + string.Join(", ", CompletionScript.Shells) };
        shell.CompletionSources.Add([.. CompletionScript.Shells]);
        shell.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (!CompletionScript.Shells.Contains(value))
            {
                r.AddError($"completion knows {string.Join(", ", CompletionScript.Shells)}, not '{value}'");
            }
        });
        var command = new Command("completion", "print the shell completion script (bash: source <(streamer completion bash))") { shell };
        command.Action = new BindAction(r => new CompletionCommand(r.GetRequiredValue(shell)));
        return command;
    }
}

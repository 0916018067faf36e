using System.CommandLine;
using Streamer.Simulator.Cli;

namespace Streamer.Supervisor.Cli;

/// <summary>
/// The commands that are not the recorder itself: <c>verify</c>, <c>history</c>, <c>convert</c>, <c>upload</c>,
/// <c>simulate</c> and <c>completion</c>.
/// </summary>
internal static class ToolCommands
{
    /// <summary>
    /// A tool whose options its own library parses (verify, history, convert): the command takes <c>-c</c> and hands
    /// every other word on unchanged, <c>--help</c> included (the tool prints its own).
    /// </summary>
    public static Command PassThrough(string name, string description, string argumentName, Option<string> rootConfig,
        Func<string, IReadOnlyList<string>, CliCommand> create)
    {
        var config = ConfigOption.Create();
        var words = new Argument<string[]>(argumentName) { Arity = ArgumentArity.ZeroOrMore, Description = $"options of {name}; see streamer {name} --help" };
        var command = new Command(name, description) { config, words };
        command.Action = new BindAction(r => create(ConfigOption.Read(r, config, rootConfig), r.GetValue(words) ?? []));
        return command;
    }

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

using NUnit.Framework;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Commands;

namespace Streamer.Supervisor.Tests;

public class CommandLineTests
{
    private static CliCommand Parse(params string[] args) => CommandLine.Parse(args);

    [Test]
    public void NoArguments_RunsInTheForegroundWithTheDefaultConfig()
    {
        Assert.That(Parse(), Is.EqualTo(new RunCommand("config.yaml", false, null, false)));
    }

    [TestCase("-c", "x.yaml", "-v")]
    [TestCase("--config", "x.yaml", "--verbose")]
    [TestCase("--config=x.yaml", "-v")]
    public void ConfigAndVerbose_AreRead(params string[] args)
    {
        Assert.That(Parse(args), Is.EqualTo(new RunCommand("x.yaml", true, null, false)));
    }

    [Test]
    public void EverythingAfterSimulate_GoesToTheSimulator()
    {
        var run = (RunCommand)Parse("-c", "x.yaml", "--simulate", "--seed", "7", "--port", "0");
        Assert.That(run.ConfigPath, Is.EqualTo("x.yaml"));
        Assert.That(run.Verbose, Is.False);
        Assert.That(run.SimulatorArgs, Is.EqualTo(new[] { "--seed", "7", "--port", "0" }));

        // Even streamer's own -v: the simulator judges it (and refuses it) at once, not a child exiting 2 forever.
        var e = Assert.Throws<UsageException>(() => Parse("--simulate", "-v"));
        Assert.That(e!.Message, Does.StartWith("--simulate: Unrecognized command or argument '-v'").And.Contain("go before it"));
        Assert.That(Parse("--simulate", "--help"), Is.InstanceOf<BuiltInCommand>(), "the help of --simulate");
        Assert.That(() => Parse("--simulate", "--seed", "1", "--help"), Throws.TypeOf<UsageException>().With.Message.Contains("streamer simulate --help"),
            "a simulator child that only prints its help would be restarted forever");
    }

    [TestCase("start", DaemonAction.Start)]
    [TestCase("stop", DaemonAction.Stop)]
    [TestCase("restart", DaemonAction.Restart)]
    [TestCase("status", DaemonAction.Status)]
    public void Daemon_ReadsItsVerb(string verb, DaemonAction action)
    {
        var daemon = (DaemonCommand)Parse("--daemon", verb, "-c", "p.yaml");
        Assert.That(daemon.Action, Is.EqualTo(action));
        Assert.That(daemon.Run.ConfigPath, Is.EqualTo("p.yaml"));
    }

    [Test]
    public void DaemonStart_KeepsSimulatorArguments()
    {
        var daemon = (DaemonCommand)Parse("--daemon", "start", "--simulate", "--seed", "1");
        Assert.That(daemon.Run.SimulatorArgs, Is.EqualTo(new[] { "--seed", "1" }));
    }

    [Test]
    public void StatusJsonAndListSymbols_AreRead()
    {
        Assert.That(Parse("--status", "--json"), Is.EqualTo(new StatusCommand("config.yaml", true)));
        Assert.That(Parse("--status"), Is.EqualTo(new StatusCommand("config.yaml", false)));
        Assert.That(Parse("--list-symbols", "-c", "a.yaml"), Is.EqualTo(new ListSymbolsCommand("a.yaml")));
        Assert.That(Parse("-h"), Is.InstanceOf<BuiltInCommand>());
        Assert.That(Parse("--status", "--help"), Is.InstanceOf<BuiltInCommand>(), "help wins");
    }

    [TestCase(new[] { "--bogus" }, "Unrecognized command or argument '--bogus'.")]
    [TestCase(new[] { "extra" }, "Unrecognized command or argument 'extra'.")]
    [TestCase(new[] { "-c" }, "Required argument missing for option: '-c'.")]
    [TestCase(new[] { "-c", "" }, "--config needs a file name")]
    [TestCase(new[] { "--daemon", "pause" }, "--daemon takes start, stop, restart or status, not 'pause'")]
    [TestCase(new[] { "--status", "--list-symbols" }, "--status and --list-symbols cannot be combined")]
    [TestCase(new[] { "--json" }, "--json only goes with --status")]
    [TestCase(new[] { "--status", "--simulate" }, "--simulate cannot be combined with --status")]
    [TestCase(new[] { "--daemon", "stop", "--simulate" }, "--simulate does not go with --daemon stop")]
    [TestCase(new[] { "--verbose=yes" }, "Unrecognized command or argument 'yes'.")]
    [TestCase(new[] { "completion", "fish" }, "completion knows bash, not 'fish'")]
    public void BadUsage_ThrowsWithAClearMessage(string[] args, string message)
    {
        var e = Assert.Throws<UsageException>(() => CommandLine.Parse(args));
        Assert.That(e!.Errors, Does.Contain(message));
    }

    [TestCase(new[] { "simulate", "--port", "abc" }, "--port expects a whole number, not 'abc'", "streamer simulate --help")]
    [TestCase(new[] { "simulate", "--lifetime", "soon" }, "--lifetime expects a duration like 500ms, 10s, 3m or 24h, not 'soon'", "streamer simulate --help")]
    [TestCase(new[] { "worker", "--config", "c", "--run-id", "1", "--symbol", "X", "--parent-pid", "me" }, "--parent-pid 'me' is not a process id", "streamer worker --help")]
    public void ABadValue_NamesTheOption_AndPointsToTheHelpOfItsCommand(string[] args, string message, string help)
    {
        var e = Assert.Throws<UsageException>(() => CommandLine.Parse(args));
        Assert.That(e!.Errors, Is.EqualTo(new[] { message }));
        Assert.That(e.HelpCommand, Is.EqualTo(help));
    }

    [TestCase(new[] { "--statu" }, "--status")]
    [TestCase(new[] { "--list-symbol" }, "--list-symbols")]
    [TestCase(new[] { "verfy" }, "verify")]
    [TestCase(new[] { "upload", "--onc" }, "--once")]
    [TestCase(new[] { "history", "download", "--paralel", "3" }, "--parallel")]
    public void ATypo_IsAnsweredWithTheNearestName(string[] args, string suggestion)
    {
        var e = Assert.Throws<UsageException>(() => CommandLine.Parse(args));
        Assert.That(e!.Suggestions, Does.Contain("Did you mean").And.Contain(suggestion));
        Assert.That(e.Suggestions.Split('\n').Skip(1), Is.EqualTo(new[] { suggestion }), "the nearest name of the first unmatched word, nothing else");
    }

    [Test]
    public void AUsageError_IsPrintedAsErrorLines_TheSuggestion_AndTheHelpHint()
    {
        var error = new StringWriter();
        var console = new CliConsole(new StringWriter(), error, Color: false);
        console.Usage(Assert.Throws<UsageException>(() => CommandLine.Parse(["--statu"]))!);
        Assert.That(error.ToString(), Is.EqualTo("error: Unrecognized command or argument '--statu'.\n'--statu' was not matched. Did you mean one of the following?\n--status\nRun 'streamer --help' for usage.\n"));
    }

    [Test]
    public void Roles_AreParsed_RoundTrippingTheirFormat()
    {
        var args = RoleArguments.Format("/d/config.yaml", "123", 123, ["btcusdt"], new Uri("http://127.0.0.1:9/"), verbose: true);
        var role = (RoleCommand)CommandLine.Parse(["worker", .. args]);
        Assert.That(role, Is.EqualTo(new RoleCommand(ChildRole.Worker, "/d/config.yaml", "123", 123, ["BTCUSDT"], new Uri("http://127.0.0.1:9/"), true)));

        var writer = (RoleCommand)CommandLine.Parse(["writer", .. RoleArguments.Format("c.yaml", "5", 5, [], null, false)]);
        Assert.That(writer, Is.EqualTo(new RoleCommand(ChildRole.Writer, "c.yaml", "5", 5, [], null, false)));
    }

    [Test]
    public void AWorkerGroup_IsOneSymbolArgument_ReadBackAsItsSymbols()
    {
        var args = RoleArguments.Format("c.yaml", "5", 5, ["BTCUSDT", "ETHUSDT"], null, false);
        Assert.That(args, Does.Contain("BTCUSDT,ETHUSDT"));
        var role = (RoleCommand)CommandLine.Parse(["worker", .. args]);
        Assert.That(role.Symbols, Is.EqualTo(new[] { "BTCUSDT", "ETHUSDT" }));
    }

    [Test]
    public void AWorkerWithoutSymbol_OrARoleWithoutRunId_IsRejected()
    {
        Assert.Throws<UsageException>(() => CommandLine.Parse(["worker", "--config", "c", "--run-id", "1"]));
        Assert.Throws<UsageException>(() => CommandLine.Parse(["writer", "--config", "c"]));
        Assert.Throws<UsageException>(() => CommandLine.Parse(["orderbook", "--config", "c", "--run-id", "1", "--exchange", "ftp://x"]));
    }

    [Test]
    public void Simulate_ReadsTheSimulatorsOptions_AndTheHiddenParentPid()
    {
        var child = (SimulateCommand)CommandLine.Parse(["simulate", "--parent-pid", "42", "--port", "7", "--seed", "3"]);
        Assert.That((child.ParentPid, child.Options.Port, child.Options.Seed), Is.EqualTo((42, 7, 3L)));
        var typed = (SimulateCommand)CommandLine.Parse(["simulate"]);
        Assert.That((typed.ParentPid, typed.Options.Port), Is.EqualTo((0, 0)));
        Assert.That(CommandLine.Parse(["simulate", "--help"]), Is.InstanceOf<BuiltInCommand>());
    }

    [Test]
    public void Verify_TakesTheConfigFromEitherSide_AndPassesEverythingElseOn()
    {
        static (string, string[]) Read(params string[] args) => CommandLine.Parse(args) is VerifyFilesCommand v ? (v.ConfigPath, v.Args.ToArray()) : ("not verify", []);

        Assert.That(Read("verify"), Is.EqualTo(("config.yaml", Array.Empty<string>())));
        Assert.That(Read("verify", "--date", "2026-01-02", "BTCUSDT", "-c", "p.yaml"), Is.EqualTo(("p.yaml", new[] { "--date", "2026-01-02", "BTCUSDT" })));
        Assert.That(Read("-c", "p.yaml", "verify", "--json"), Is.EqualTo(("p.yaml", new[] { "--json" })));
        Assert.That(Read("verify", "--config=q.yaml", "--date=2026-01-03", "--missing-days"), Is.EqualTo(("q.yaml", new[] { "--date", "2026-01-03", "--missing-days" })));
        Assert.That(() => CommandLine.Parse(["verify", "--bogus"]), Throws.TypeOf<UsageException>().With.Message.EqualTo("unknown option '--bogus'"),
            "the verifier's own definition judges its options while streamer parses");
    }

    [Test]
    public void Convert_TakesTheConfigFromEitherSide_AndPassesEverythingElseOn()
    {
        static (string, string[]) Read(params string[] args) => CommandLine.Parse(args) is ConvertFilesCommand c ? (c.ConfigPath, c.Args.ToArray()) : ("not convert", []);

        Assert.That(Read("convert", "--to", "parquet", "-c", "p.yaml"), Is.EqualTo(("p.yaml", new[] { "--to", "parquet" })));
        Assert.That(Read("-c", "p.yaml", "convert", "--to", "parquet", "--from", "2026-01-01"), Is.EqualTo(("p.yaml", new[] { "--to", "parquet", "--from", "2026-01-01" })));
        Assert.That(() => CommandLine.Parse(["convert"]), Throws.TypeOf<UsageException>().With.Message.EqualTo("say what to convert to: --to parquet (the only target)"));
    }

    [Test]
    public void History_TakesTheConfigFromEitherSide_AndPassesEverythingElseOn()
    {
        static (string, string[]) Read(params string[] args) => CommandLine.Parse(args) is HistoryFilesCommand h ? (h.ConfigPath, h.Args.ToArray()) : ("not history", []);

        Assert.That(Read("history", "download", "--from", "2026-01-01", "-c", "p.yaml"), Is.EqualTo(("p.yaml", new[] { "download", "--from", "2026-01-01" })));
        Assert.That(Read("-c", "p.yaml", "history", "fill", "--parallel", "2"), Is.EqualTo(("p.yaml", new[] { "fill", "--parallel", "2" })));
        Assert.That(() => CommandLine.Parse(["history", "fill", "--parallel", "17"]), Throws.TypeOf<UsageException>().With.Message.EqualTo("--parallel needs a number from 1 to 16 (got \"17\")"));
        Assert.That(() => CommandLine.Parse(["history"]), Throws.TypeOf<UsageException>(), "download or fill");
    }

    [Test]
    public void Upload_TakesOnlyOnce_AndTheConfigFromEitherSide()
    {
        Assert.That(CommandLine.Parse(["upload", "--once", "-c", "p.yaml"]), Is.InstanceOf<UploadFilesCommand>().With.Property("ConfigPath").EqualTo("p.yaml"));
        Assert.That(CommandLine.Parse(["-c", "p.yaml", "upload", "--once"]), Is.InstanceOf<UploadFilesCommand>().With.Property("ConfigPath").EqualTo("p.yaml"));
        Assert.That(() => CommandLine.Parse(["upload"]), Throws.TypeOf<UsageException>().With.Message.Contains("upload takes --once"));
        var role = (RoleCommand)CommandLine.Parse(["uploader", .. RoleArguments.Format("c.yaml", "5", 5, [], null, false)]);
        Assert.That(role.Role, Is.EqualTo(ChildRole.Uploader));
    }

    [Test]
    public async Task Help_ListsEveryDocumentedOptionAndCommand_AndNothingInternal()
    {
        var help = await RunAsync("--help");
        foreach (var word in new[] { "--config", "--verbose", "--daemon", "--status", "--json", "--list-symbols", "--simulate", "--help", "--version",
                     "verify", "history", "convert", "upload", "simulate", "completion", "Exit codes: 0 ok, 1 runtime failure, 2 bad usage or configuration, 3 not running" })
        {
            Assert.That(help, Does.Contain(word));
        }

        Assert.That(help, Does.Contain(HelpText.Banner));
        Assert.That(help, Does.Not.Contain("--daemonized").And.Not.Contain("--parent-pid").And.Not.Contain("--run-id"));
        var commandNames = help.Split('\n').Select(l => l.TrimStart().Split(' ')[0]).ToHashSet();
        Assert.That(commandNames, Does.Not.Contain("writer").And.Not.Contain("worker").And.Not.Contain("orderbook").And.Not.Contain("uploader"));
    }

    [TestCase("upload", "--once")]
    [TestCase("simulate", "--clock-speed", "/admin/depth-gap", "Exit codes: 0 stopped normally")]
    [TestCase("completion", "bash")]
    [TestCase("verify", "--date", "--missing-days", "Exit code: 0 when everything checked is clean")]
    [TestCase("convert", "--to", "storage.layout")]
    [TestCase("history download", "--from", "--base-url", "--parallel", "--config")]
    [TestCase("history fill", "--symbols", "every symbol folder")]
    public async Task EveryCommand_HasItsOwnHelp(string command, params string[] words)
    {
        var help = await RunAsync([.. command.Split(' '), "--help"]);
        Assert.That(help, Does.Match($@"\n  \S+ {command} (\[|<)"), "its own usage line");
        foreach (var word in words)
        {
            Assert.That(help, Does.Contain(word));
        }
    }

    [Test]
    public async Task Version_IsStreamerAndTheBuildsVersion()
    {
        Assert.That(await RunAsync("--version"), Is.EqualTo("streamer " + HelpText.Version() + "\n"));
    }

    [Test]
    public async Task TheSuggestDirective_CompletesCommandsOptionsAndValues()
    {
        static async Task<string[]> Complete(string line) =>
            (await RunAsync($"[suggest:{line.Length}]", line)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(await Complete("streamer --daemon "), Is.EquivalentTo(new[] { "start", "stop", "restart", "status" }));
        Assert.That(await Complete("streamer --list"), Is.EqualTo(new[] { "--list-symbols" }));
        Assert.That(await Complete("streamer simulate --clock"), Is.EqualTo(new[] { "--clock-speed" }));
        Assert.That(await Complete("streamer ve"), Does.Contain("verify"));
        Assert.That(await Complete("streamer wor"), Does.Not.Contain("worker"), "internal roles are not offered");
    }

    [Test]
    public async Task CompletionBash_PrintsAScriptThatAsksTheSuggestDirective()
    {
        Assert.That(CommandLine.Parse(["completion", "bash"]), Is.EqualTo(new CompletionCommand("bash")));
        var script = await RunAsync("completion", "bash");
        Assert.That(script, Does.Contain("[suggest:").And.Contain("complete -o default -F _streamer_complete streamer"));
    }

    /// <summary>Parses and runs a command that needs no configuration; returns what it printed.</summary>
    private static async Task<string> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await StreamerApp.RunAsync(CommandLine.Parse(args), new CliConsole(output, error, Color: false));
        Assert.That(code, Is.Zero, error.ToString());
        return output.ToString();
    }
}

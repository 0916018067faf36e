using NUnit.Framework;
using Streamer.Supervisor.Cli;

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
        var run = (RunCommand)Parse("-c", "x.yaml", "--simulate", "--seed", "7", "-v");
        Assert.That(run.ConfigPath, Is.EqualTo("x.yaml"));
        Assert.That(run.Verbose, Is.False);
        Assert.That(run.SimulatorArgs, Is.EqualTo(new[] { "--seed", "7", "-v" }));
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
        Assert.That(Parse("-h"), Is.InstanceOf<HelpCommand>());
        Assert.That(Parse("--status", "--help"), Is.InstanceOf<HelpCommand>(), "help wins");
    }

    [TestCase(new[] { "--bogus" }, "unknown option '--bogus'")]
    [TestCase(new[] { "extra" }, "unexpected argument 'extra'")]
    [TestCase(new[] { "-c" }, "--config needs a value: <file>")]
    [TestCase(new[] { "--daemon", "pause" }, "--daemon takes start, stop, restart or status, not 'pause'")]
    [TestCase(new[] { "--status", "--list-symbols" }, "--status and --list-symbols cannot be combined")]
    [TestCase(new[] { "--json" }, "--json only goes with --status")]
    [TestCase(new[] { "--status", "--simulate" }, "--simulate cannot be combined with --status")]
    [TestCase(new[] { "-v", "-v" }, "--verbose is given twice")]
    [TestCase(new[] { "--verbose=yes" }, "--verbose does not take a value")]
    public void BadUsage_ThrowsWithAClearMessage(string[] args, string message)
    {
        var e = Assert.Throws<UsageException>(() => CommandLine.Parse(args));
        Assert.That(e!.Message, Is.EqualTo(message));
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
    public void Simulate_TakesALeadingParentPid_AndPassesTheRestOn()
    {
        Assert.That(CommandLine.Parse(["simulate", "--parent-pid", "42", "--port", "0"]), Is.EqualTo(new SimulateCommand(["--port", "0"], 42)) .Using<SimulateCommand>(SameSimulate));
        Assert.That(CommandLine.Parse(["simulate", "--help"]), Is.EqualTo(new SimulateCommand(["--help"], 0)).Using<SimulateCommand>(SameSimulate));
    }

    [Test]
    public void Verify_TakesTheConfigFromEitherSide_AndPassesEverythingElseOn()
    {
        static (string, string[]) Read(params string[] args) => CommandLine.Parse(args) is VerifyFilesCommand v ? (v.ConfigPath, v.Args.ToArray()) : ("not verify", []);

        Assert.That(Read("verify"), Is.EqualTo(("config.yaml", Array.Empty<string>())));
        Assert.That(Read("verify", "--date", "2026-01-02", "BTCUSDT", "-c", "p.yaml"), Is.EqualTo(("p.yaml", new[] { "--date", "2026-01-02", "BTCUSDT" })));
        Assert.That(Read("-c", "p.yaml", "verify", "--json"), Is.EqualTo(("p.yaml", new[] { "--json" })));
        Assert.That(Read("verify", "--config=q.yaml", "--bogus"), Is.EqualTo(("q.yaml", new[] { "--bogus" })), "the verifier judges its own options");
        Assert.That(((VerifyFilesCommand)CommandLine.Parse(["verify", "--help"])).HelpOnly, Is.True);
    }

    [Test]
    public void Convert_TakesTheConfigFromEitherSide_AndPassesEverythingElseOn()
    {
        static (string, string[]) Read(params string[] args) => CommandLine.Parse(args) is ConvertFilesCommand c ? (c.ConfigPath, c.Args.ToArray()) : ("not convert", []);

        Assert.That(Read("convert", "--to", "parquet", "-c", "p.yaml"), Is.EqualTo(("p.yaml", new[] { "--to", "parquet" })));
        Assert.That(Read("-c", "p.yaml", "convert", "--to", "parquet", "--from", "2026-01-01"), Is.EqualTo(("p.yaml", new[] { "--to", "parquet", "--from", "2026-01-01" })));
        Assert.That(((ConvertFilesCommand)CommandLine.Parse(["convert", "--help"])).HelpOnly, Is.True);
    }

    [Test]
    public void History_TakesTheConfigFromEitherSide_AndPassesEverythingElseOn()
    {
        static (string, string[]) Read(params string[] args) => CommandLine.Parse(args) is HistoryFilesCommand h ? (h.ConfigPath, h.Args.ToArray()) : ("not history", []);

        Assert.That(Read("history", "download", "--from", "2026-01-01", "-c", "p.yaml"), Is.EqualTo(("p.yaml", new[] { "download", "--from", "2026-01-01" })));
        Assert.That(Read("-c", "p.yaml", "history", "fill", "--bogus"), Is.EqualTo(("p.yaml", new[] { "fill", "--bogus" })), "history judges its own options");
        Assert.That(((HistoryFilesCommand)CommandLine.Parse(["history"])).HelpOnly, Is.True);
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

    private static bool SameSimulate(SimulateCommand a, SimulateCommand b) => a.ParentPid == b.ParentPid && a.Args.SequenceEqual(b.Args);

    [Test]
    public void Help_ListsEveryDocumentedOption_AndNoInternalCommand()
    {
        var help = HelpText.Build();
        foreach (var option in CliOptions.All.Where(o => !o.Hidden))
        {
            Assert.That(help, Does.Contain(option.Long));
        }

        Assert.That(help, Does.Not.Contain("--daemonized"));
        foreach (var role in new[] { "writer", "worker", "orderbook", "uploader" })
        {
            Assert.That(help, Does.Not.Contain("streamer " + role));
            Assert.That(help, Does.Not.Contain("--" + role));
        }

        Assert.That(help, Does.Contain("streamer simulate --help"));
    }

    [Test]
    public void Help_AlignsTheOptionDescriptions()
    {
        var lines = HelpText.Build().Split('\n').SkipWhile(l => l != "Options:").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.That(lines, Has.Count.EqualTo(CliOptions.All.Count(o => !o.Hidden)));
        var columns = lines.Select(l => l.IndexOf("  ", l.IndexOf('-', StringComparison.Ordinal) + 1, StringComparison.Ordinal)).ToList();
        var descriptionStarts = lines.Select((l, i) => l.Length - l[columns[i]..].TrimStart().Length).Distinct().ToList();
        Assert.That(descriptionStarts, Has.Count.EqualTo(1));
    }
}

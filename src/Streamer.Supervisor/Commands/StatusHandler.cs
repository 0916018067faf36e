using System.Text.Json;
using Streamer.Core;
using Streamer.Core.Configuration;
using Streamer.Supervisor.Control;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Status;

namespace Streamer.Supervisor.Commands;

/// <summary>
/// <c>streamer --status [--json]</c>: asks the running supervisor over its control pipe; when none runs,
/// shows the configuration instead. Exit code 0 in both cases (a script tells them apart by
/// <c>"running"</c> in the JSON); 1 when a supervisor runs but does not answer.
/// </summary>
public static class StatusHandler
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Prints the status; returns the exit code.</summary>
    public static async Task<int> RunAsync(StatusCommand command, CliConsole console, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(console);
        var config = ConfigLoader.Load(command.ConfigPath, checkDataDir: false);
        var running = RunningInstance.Find(config);
        if (running is null)
        {
            await console.Out.WriteAsync(command.Json ? SnapshotSerializer.SerializeIndented(ToStatus(config)) + "\n" : StatusTable.RenderNotRunning(config)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        SupervisorSnapshot snapshot;
        try
        {
            var answer = await ControlClient.RequestAsync(running.ControlPipe, ControlProtocol.Status, Timeout, ct).ConfigureAwait(false);
            snapshot = SnapshotSerializer.Deserialize(answer);
        }
        catch (Exception e) when (e is IOException or TimeoutException or JsonException or UnauthorizedAccessException)
        {
            console.Fail($"streamer is running (pid {running.Pid}) but its control channel did not answer: {e.Message}");
            return ExitCodes.Failure;
        }

        await console.Out.WriteAsync(command.Json ? SnapshotSerializer.SerializeIndented(snapshot) + "\n" : StatusTable.Render(snapshot, console.Color)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>The not-running JSON answer.</summary>
    public static ConfigStatus ToStatus(StreamerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ConfigStatus
        {
            ConfigPath = config.SourcePath,
            Mode = config.Mode,
            DataDir = config.Storage.DataDir,
            OrderBook = config.OrderBook.Enabled,
            Symbols = config.Symbols.Select(s => new SymbolStatus(s.Key, s.Enabled, s.Streams.Select(x => x.ConfigName).ToList(), s.DepthSnapshot)).ToList(),
        };
    }
}

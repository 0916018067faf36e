using System.Collections.Concurrent;
using Streamer.Supervisor.Cli;
using Streamer.Supervisor.Processes;

namespace Streamer.Supervisor.Tests;

/// <summary>Runs a small /bin/sh script per role instead of the real roles; $1 is the role, $2 the symbol (a group's symbols joined by commas).</summary>
internal sealed class ShellLauncher : IChildLauncher
{
    private readonly Func<ChildRole, string?, string> _script;

    public ShellLauncher(string script) : this((_, _) => script)
    {
    }

    public ShellLauncher(Func<ChildRole, string?, string> script) => _script = script;

    public ConcurrentQueue<(ChildRole Role, string? Symbol)> Launches { get; } = new();

    public ChildSpec Create(ChildRole role, IReadOnlyList<string> symbols)
    {
        var symbol = symbols.Count == 0 ? null : string.Join(',', symbols);
        Launches.Enqueue((role, symbol));
        return new ChildSpec("/bin/sh", ["-c", _script(role, symbol), "sh", ChildRoles.Name(role), symbol ?? "-"]);
    }
}

namespace Streamer.Supervisor.Cli;

/// <summary>The kinds of child process the supervisor runs; <see cref="ChildRoles.Name"/> is the command word.</summary>
public enum ChildRole
{
    Simulator,
    Writer,
    OrderBook,
    Worker,
    Uploader,
}

/// <summary>Command words of <see cref="ChildRole"/>.</summary>
public static class ChildRoles
{
    /// <summary>The command word and status name: simulate is launched as <c>simulate</c> but reported as <c>simulator</c>.</summary>
    public static string Name(ChildRole role) => role switch
    {
        ChildRole.Simulator => "simulator",
        ChildRole.Writer => "writer",
        ChildRole.OrderBook => "orderbook",
        ChildRole.Worker => "worker",
        ChildRole.Uploader => "uploader",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>The word that launches the role.</summary>
    public static string Command(ChildRole role) => role == ChildRole.Simulator ? "simulate" : Name(role);
}

namespace Streamer.Supervisor.Control;

/// <summary>
/// The control pipe protocol: the client sends one request line, the server answers one line and
/// closes. Requests: <c>status</c> (answer: the <see cref="Status.SupervisorSnapshot"/> JSON),
/// <c>stop</c> and <c>reload</c> (answer: <c>{"ok":true}</c>). Anything else: <c>{"error":"..."}</c>.
/// </summary>
public static class ControlProtocol
{
    public const string Status = "status";
    public const string Stop = "stop";
    public const string Reload = "reload";

    /// <summary>The answer to a request that was carried out.</summary>
    public const string Ok = "{\"ok\":true}";

    /// <summary>Longest request line read; anything longer is not a control request.</summary>
    public const int MaxRequestLength = 256;
}

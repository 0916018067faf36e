using Microsoft.Extensions.Logging;

namespace Streamer;

/// <summary>Log messages of the role host. Event ids 900-949.</summary>
internal static partial class RoleHostLog
{
    [LoggerMessage(900, LogLevel.Warning, "the supervisor (pid {Pid}) is gone; stopping")]
    public static partial void ParentGone(ILogger logger, int pid);

    [LoggerMessage(901, LogLevel.Critical, "the {Role} failed")]
    public static partial void RoleFailed(ILogger logger, string role, Exception exception);
}

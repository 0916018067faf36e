using Microsoft.Extensions.Logging;

namespace Streamer.Pipes.Clients;

/// <summary>Log messages of the writer client (event ids 5100-5199).</summary>
internal static partial class WriterClientLog
{
    [LoggerMessage(5100, LogLevel.Information, "Connected to the writer as {Source}: it has everything up to {Sequence}; resending {Resend} frame(s)")]
    public static partial void Connected(ILogger logger, string source, ulong sequence, long resend);

    [LoggerMessage(5101, LogLevel.Warning, "Writer pipe {Pipe} unreachable ({Message}); keeping rows and retrying")]
    public static partial void Unreachable(ILogger logger, string pipe, string message);

    [LoggerMessage(5102, LogLevel.Warning, "Writer still unreachable after {Duration}; {Frames} frame(s), {Bytes} byte(s) kept")]
    public static partial void StillUnreachable(ILogger logger, TimeSpan duration, long frames, long bytes);

    [LoggerMessage(5103, LogLevel.Warning, "Connection to the writer lost: {Reason}; {Frames} unacknowledged frame(s) will be resent")]
    public static partial void Disconnected(ILogger logger, string reason, long frames);

    [LoggerMessage(5104, LogLevel.Error, "The writer refused the connection: {Reason}")]
    public static partial void Rejected(ILogger logger, string reason);

    [LoggerMessage(5105, LogLevel.Information, "More than {Limit} byte(s) unacknowledged: spilling the oldest frames to {Path}")]
    public static partial void Spilling(ILogger logger, long limit, string path);

    [LoggerMessage(5106, LogLevel.Error, "Cannot spill frames to {Path}: {Message}; holding them in memory and slowing the producer")]
    public static partial void SpoolFailed(ILogger logger, string path, string message);

    [LoggerMessage(5107, LogLevel.Error, "The writer has {Sequence} for {Source} but had acknowledged {Acknowledged}: acknowledged rows were lost on the writer side")]
    public static partial void WriterBehind(ILogger logger, string source, ulong sequence, ulong acknowledged);

    [LoggerMessage(5108, LogLevel.Warning, "The writer claims {Sequence} for {Source}, beyond the {Sent} frames this client numbered; another client may use the same source")]
    public static partial void WriterAhead(ILogger logger, string source, ulong sequence, ulong sent);

    [LoggerMessage(5109, LogLevel.Error, "Unexpected failure in the writer connection; reconnecting")]
    public static partial void LoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(5110, LogLevel.Debug, "Writer pipe {Pipe} not there yet ({Message}); retrying")]
    public static partial void NotYetListening(ILogger logger, string pipe, string message);

    [LoggerMessage(5111, LogLevel.Information, "Journal of {Source} is held by {Owner} ({Directory}); waiting for it to finish")]
    public static partial void JournalBusy(ILogger logger, string source, string owner, string directory);

    [LoggerMessage(5112, LogLevel.Error, "Journal {Directory} was damaged (an OS crash or a full disk while it was written): {Damage}")]
    public static partial void JournalDamaged(ILogger logger, string directory, string damage);

    [LoggerMessage(5113, LogLevel.Information, "{Source}: {Frames} frame(s) ({Bytes} byte(s)) journalled by an earlier process in {Directory}; delivering them to the writer first")]
    public static partial void JournalFound(ILogger logger, string source, long frames, long bytes, string directory);

    [LoggerMessage(5114, LogLevel.Error, "{Source}: {Frames} frame(s) could be neither written nor journalled to {Directory} ({Message}): those rows are LOST")]
    public static partial void JournalWriteFailed(ILogger logger, string source, long frames, string directory, string message);

    [LoggerMessage(5115, LogLevel.Error, "{Source}: the journal {Directory} with {Frames} frame(s) could not be fsynced ({Message}); it survives this process but perhaps not an OS crash")]
    public static partial void JournalSyncFailed(ILogger logger, string source, long frames, string directory, string message);

    [LoggerMessage(5116, LogLevel.Warning, "{Source}: {Frames} frame(s) ({Bytes} byte(s)) not yet written by the writer were journalled to {Directory}; the next start delivers them")]
    public static partial void Journalled(ILogger logger, string source, long frames, long bytes, string directory);

    [LoggerMessage(5117, LogLevel.Warning, "{Source}: cannot record the sequence base in {Directory} yet (disk refuses); it is recorded before anything is journalled")]
    public static partial void BaseNotDurable(ILogger logger, string source, string directory);
}

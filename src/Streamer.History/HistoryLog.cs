using Microsoft.Extensions.Logging;

namespace Streamer.History;

/// <summary>Log events of <c>streamer history</c> (ids 10001–10099). The summary table is the result; these say what happened on the way.</summary>
internal static partial class HistoryLog
{
    [LoggerMessage(EventId = 10001, Level = LogLevel.Warning, Message = "{Archive}: attempt {Attempt} of {Attempts} in {DelaySeconds:0.#} s after: {Reason}")]
    public static partial void Retrying(ILogger logger, string archive, int attempt, int attempts, double delaySeconds, string reason);

    [LoggerMessage(EventId = 10002, Level = LogLevel.Warning, Message = "{Archive}: downloaded SHA-256 {Actual} differs from the CHECKSUM file's {Expected}")]
    public static partial void ChecksumMismatch(ILogger logger, string archive, string actual, string expected);

    [LoggerMessage(EventId = 10003, Level = LogLevel.Information, Message = "{Archive}: resuming an interrupted download at byte {Offset}")]
    public static partial void Resuming(ILogger logger, string archive, long offset);

    [LoggerMessage(EventId = 10004, Level = LogLevel.Information, Message = "{Archive}: the monthly archive is not published (yet); fetching its days one by one")]
    public static partial void MonthlyFallback(ILogger logger, string archive);

    [LoggerMessage(EventId = 10005, Level = LogLevel.Error, Message = "{Archive}: refused: {Reason}")]
    public static partial void Refused(ILogger logger, string archive, string reason);

    [LoggerMessage(EventId = 10006, Level = LogLevel.Information, Message = "{Symbol} {Stream} {Day:yyyy-MM-dd}: {Inserted} row(s) inserted from the dump, {Kept} recorded row(s) kept as they were")]
    public static partial void Filled(ILogger logger, string symbol, string stream, DateOnly day, long inserted, long kept);
}

using Microsoft.Extensions.Logging;

namespace Streamer.Upload;

/// <summary>Log messages of the uploader (event ids 6000-6099). Credentials never appear in them.</summary>
internal static partial class UploadLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "uploading sealed files of {DataDir} to {Target} as server '{ServerName}'")]
    public static partial void Started(ILogger logger, string dataDir, string target, string serverName);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "uploaded {Path} ({Bytes} bytes) to {Key} in {Elapsed}, verified")]
    public static partial void Uploaded(ILogger logger, string path, long bytes, string key, TimeSpan elapsed);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "{Path} is already in the store as {Key} (same size and SHA-256): not sent again")]
    public static partial void AlreadyThere(ILogger logger, string path, string key);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "deleted {Path}: its object {Key} is verified")]
    public static partial void DeletedLocal(ILogger logger, string path, string key);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "upload of {Path} failed: {Reason}; {Pending} file(s) wait, next attempt in {Delay}")]
    public static partial void Failed(ILogger logger, string path, string reason, int pending, TimeSpan delay);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Error, Message = "{Reason}; recording goes on, {Pending} file(s) wait for upload, next attempt in {Delay}")]
    public static partial void Refused(ILogger logger, string reason, int pending, TimeSpan delay);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "the object store answers again: {Pending} file(s) to upload")]
    public static partial void Recovered(ILogger logger, int pending);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "{Path}: rows arrived after its day was uploaded; they go up as {Key}")]
    public static partial void LatePart(ILogger logger, string path, string key);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "cannot save the upload state {Path}: {Reason} (a full disk?); uploads go on, a restart re-checks with HEAD")]
    public static partial void StateNotSaved(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "cannot read or delete {Path}: {Reason}; tried again at the next scan")]
    public static partial void LocalFileFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "waiting for the upload lock {Path}: another uploader (streamer upload --once, or a recorder's uploader) holds it")]
    public static partial void WaitingForLock(ILogger logger, string path);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "{Path} changed while it was uploaded; it is uploaded again")]
    public static partial void ChangedDuringUpload(ILogger logger, string path);
}

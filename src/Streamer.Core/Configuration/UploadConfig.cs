namespace Streamer.Core.Configuration;

/// <summary>
/// The <c>upload:</c> section: sealed day files go to an S3-compatible object store. Defaults live in
/// <see cref="ConfigLoader"/>; credentials never appear here (the standard AWS chain supplies them).
/// </summary>
/// <param name="Enabled">Run the uploader child.</param>
/// <param name="Endpoint">Service URL of an S3-compatible store; null means AWS S3 itself (the region picks the endpoint).</param>
/// <param name="Bucket">Bucket name; required when enabled.</param>
/// <param name="Prefix">Key prefix without leading or trailing '/', may be empty.</param>
/// <param name="Region">Signing region.</param>
/// <param name="ForcePathStyle">Address the bucket as <c>endpoint/bucket/key</c> (MinIO, s3rver, Ceph) rather than <c>bucket.endpoint/key</c>.</param>
/// <param name="ServerName">This machine's name in the keys, so several recorders can feed one bucket.</param>
/// <param name="DeleteLocal">Delete a local file once its object is verified.</param>
/// <param name="KeepLocalDays">With <paramref name="DeleteLocal"/>: keep local copies of the last N closed days (0: delete at once).</param>
/// <param name="MultipartThreshold">Files of at least this many bytes go up in parts.</param>
/// <param name="PartSize">Bytes per part of a multipart upload.</param>
/// <param name="Concurrency">Files uploaded at the same time.</param>
/// <param name="ScanInterval">How often the data directory is scanned for newly sealed files.</param>
/// <param name="RetryMinDelay">First delay after a failed attempt; doubles per failure.</param>
/// <param name="RetryMaxDelay">Cap of the retry delay: a store that is down for hours is tried this often.</param>
/// <param name="RequestTimeout">Timeout of one request (a part, a HEAD).</param>
public sealed record UploadConfig(
    bool Enabled,
    Uri? Endpoint,
    string Bucket,
    string Prefix,
    string Region,
    bool ForcePathStyle,
    string ServerName,
    bool DeleteLocal,
    int KeepLocalDays,
    long MultipartThreshold,
    long PartSize,
    int Concurrency,
    TimeSpan ScanInterval,
    TimeSpan RetryMinDelay,
    TimeSpan RetryMaxDelay,
    TimeSpan RequestTimeout)
{
    /// <summary>Uploading off, every other key at its default.</summary>
    public static UploadConfig Disabled { get; } = new(
        false, null, "", "", "us-east-1", false, Environment.MachineName, false, 0, 64L << 20, 16L << 20, 2,
        TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
}

using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Streamer.Core.Configuration;

namespace Streamer.Upload.Store;

/// <summary>
/// <see cref="IObjectStore"/> on the AWS SDK: AWS S3 or any S3-compatible store (<c>upload.endpoint</c>).
/// Credentials come from the SDK's default chain (environment <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>,
/// <c>AWS_PROFILE</c> and the shared files, instance roles) and are never logged.
/// </summary>
public sealed class S3ObjectStore : IObjectStore
{
    /// <summary>Metadata key (sent as <c>x-amz-meta-sha256</c>) holding the hex SHA-256 of the content.</summary>
    public const string Sha256Metadata = "sha256";

    private readonly AmazonS3Client _client;
    private readonly UploadConfig _config;

    /// <summary>A client for <paramref name="config"/>.</summary>
    public S3ObjectStore(UploadConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        var s3 = new AmazonS3Config
        {
            ForcePathStyle = config.ForcePathStyle,
            Timeout = config.RequestTimeout,
            // The uploader retries with its own capped backoff and keeps the backlog visible; SDK retries would hide it.
            MaxErrorRetry = 0,
            // Content-MD5 and the sha256 metadata are sent explicitly; the SDK's default trailing CRC (aws-chunked
            // bodies) is not understood by many S3-compatible stores.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            AuthenticationRegion = config.Region,
        };
        if (config.Endpoint is { } endpoint)
        {
            s3.ServiceURL = endpoint.ToString();
        }
        else
        {
            s3.RegionEndpoint = RegionEndpoint.GetBySystemName(config.Region);
        }

        _client = new AmazonS3Client(s3);
    }

    /// <inheritdoc />
    public async Task<ObjectInfo?> HeadAsync(string key, CancellationToken ct)
    {
        try
        {
            var head = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _config.Bucket, Key = key }, ct).ConfigureAwait(false);
            var sha = head.Metadata[Sha256Metadata];
            return new ObjectInfo(head.ContentLength, string.IsNullOrEmpty(sha) ? null : sha, (head.ETag ?? "").Trim('"'));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is not "NoSuchBucket")
        {
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw Translate(e, key);
        }
    }

    /// <inheritdoc />
    public async Task PutAsync(string key, string path, FileDigest digest, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(digest);
        try
        {
            if (digest.MultipartEtag is null)
            {
                var put = new PutObjectRequest
                {
                    BucketName = _config.Bucket, Key = key, FilePath = path, MD5Digest = digest.Md5Base64, UseChunkEncoding = false,
                    ContentType = ContentType(key),
                };
                put.Metadata[Sha256Metadata] = digest.Sha256;
                await _client.PutObjectAsync(put, ct).ConfigureAwait(false);
                return;
            }

            await PutMultipartAsync(key, path, digest, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw Translate(e, key);
        }
    }

    private async Task PutMultipartAsync(string key, string path, FileDigest digest, CancellationToken ct)
    {
        var start = new InitiateMultipartUploadRequest { BucketName = _config.Bucket, Key = key, ContentType = ContentType(key) };
        start.Metadata[Sha256Metadata] = digest.Sha256;
        var upload = await _client.InitiateMultipartUploadAsync(start, ct).ConfigureAwait(false);
        try
        {
            var etags = new List<PartETag>();
            for (var i = 0; i < digest.PartMd5s.Count; i++)
            {
                var position = i * digest.PartSize;
                var part = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _config.Bucket, Key = key, UploadId = upload.UploadId, PartNumber = i + 1, FilePath = path,
                    FilePosition = position, PartSize = Math.Min(digest.PartSize, digest.Length - position), MD5Digest = digest.PartMd5s[i],
                    UseChunkEncoding = false,
                }, ct).ConfigureAwait(false);
                etags.Add(new PartETag(i + 1, part.ETag));
            }

            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _config.Bucket, Key = key, UploadId = upload.UploadId, PartETags = etags,
            }, ct).ConfigureAwait(false);
        }
        catch
        {
            // Parts of an abandoned upload cost storage until aborted; best effort, the store may be down.
            try
            {
                using var abort = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _config.Bucket, Key = key, UploadId = upload.UploadId }, abort.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or OperationCanceledException or IOException)
            {
                // The store's lifecycle rule for incomplete uploads, if any, cleans it up.
            }

            throw;
        }
    }

    /// <summary>The Content-Type of an object by its name's suffix.</summary>
    internal static string ContentType(string key) =>
        key.EndsWith(".gz", StringComparison.Ordinal) ? "application/gzip"
        : key.EndsWith(".zst", StringComparison.Ordinal) ? "application/zstd"
        : key.EndsWith(".parquet", StringComparison.Ordinal) ? "application/vnd.apache.parquet"
        : "text/csv";

    /// <summary>Turns an SDK error into a sentence naming the setting (never the credentials themselves).</summary>
    private ObjectStoreException Translate(Exception e, string key)
    {
        var where = $"{_config.Endpoint?.ToString() ?? "AWS S3 (" + _config.Region + ")"} bucket '{_config.Bucket}'";
        return e switch
        {
            ObjectStoreException store => store,
            AmazonS3Exception { ErrorCode: "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" or "InvalidToken" or "ExpiredToken" } s =>
                new(StoreFailure.Credentials, $"{where} refused the credentials ({s.ErrorCode}): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE, and upload.region", e),
            AmazonS3Exception { ErrorCode: "NoSuchBucket" } =>
                new(StoreFailure.Bucket, $"{where} does not exist: check upload.bucket (and upload.endpoint / upload.force_path_style)", e),
            AmazonS3Exception { ErrorCode: "BadDigest" or "InvalidDigest" } s =>
                new(StoreFailure.Integrity, $"{where}: the store received other bytes than were sent for {key} ({s.ErrorCode}); retried", e),
            AmazonServiceException { StatusCode: HttpStatusCode.Forbidden } s =>
                new(StoreFailure.Credentials, $"{where} refused the request (403 {s.ErrorCode}): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE, and their rights on upload.bucket", e),
            AmazonClientException when e.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase) =>
                new(StoreFailure.Credentials, $"no AWS credentials found for {where}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE", e),
            AmazonServiceException s => new(StoreFailure.Unavailable, $"{where} failed ({(int)s.StatusCode} {s.ErrorCode}): {FirstLine(s.Message)}", e),
            _ => new(StoreFailure.Unavailable, $"{where} is not reachable: {FirstLine(e.Message)}", e),
        };
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}

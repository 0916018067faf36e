namespace Streamer.Upload.Store;

/// <summary>What a HEAD of an object says.</summary>
/// <param name="Length">Content length.</param>
/// <param name="Sha256">The <c>sha256</c> metadata the uploader stored (null when absent).</param>
/// <param name="ETag">The ETag without quotes.</param>
public sealed record ObjectInfo(long Length, string? Sha256, string ETag)
{
    /// <summary>
    /// True when this object holds exactly <paramref name="digest"/>'s bytes: same size, same SHA-256 metadata, and
    /// an ETag the store computed from the bytes it received (the MD5 of a single-part object, or the AWS multipart
    /// form; stores that serve the whole-object MD5 for multipart objects, like s3rver, are accepted too). An ETag of
    /// another shape (server-side encryption with KMS) is not evidence either way; size and SHA-256 then decide.
    /// </summary>
    public bool Matches(FileDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        if (Length != digest.Length || !string.Equals(Sha256, digest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var etag = ETag.ToLowerInvariant();
        var md5Shaped = etag.Length == 32 || (etag.Length > 33 && etag[32] == '-');
        return !md5Shaped || etag == digest.Md5 || etag == digest.MultipartEtag;
    }
}

namespace Streamer.Upload.Store;

/// <summary>The three operations the uploader needs; the S3 implementation is <see cref="S3ObjectStore"/>.</summary>
public interface IObjectStore : IDisposable
{
    /// <summary>The object's size and checksums, or null when there is none.</summary>
    Task<ObjectInfo?> HeadAsync(string key, CancellationToken ct);

    /// <summary>Uploads <paramref name="path"/> (single PUT or multipart per <paramref name="digest"/>) with its checksums.</summary>
    Task PutAsync(string key, string path, FileDigest digest, CancellationToken ct);
}

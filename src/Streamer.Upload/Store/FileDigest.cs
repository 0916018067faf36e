using System.Security.Cryptography;

namespace Streamer.Upload.Store;

/// <summary>
/// Checksums of a file, computed in one read: SHA-256 (stored as object metadata <c>sha256</c>), MD5 (sent as
/// Content-MD5, which the store checks, and the ETag of a single-part object) and the ETag an AWS multipart
/// upload with <paramref name="PartSize"/> gets (MD5 of the part MD5s, <c>-N</c>).
/// </summary>
/// <param name="Length">Bytes hashed.</param>
/// <param name="Sha256">Lower-case hex.</param>
/// <param name="Md5">Lower-case hex of the whole file.</param>
/// <param name="PartMd5s">Base64 MD5 of each part (empty unless multipart).</param>
/// <param name="MultipartEtag">The AWS multipart ETag (null unless multipart).</param>
/// <param name="PartSize">Part size used (0 unless multipart).</param>
public sealed record FileDigest(long Length, string Sha256, string Md5, IReadOnlyList<string> PartMd5s, string? MultipartEtag, long PartSize)
{
    /// <summary>Base64 MD5 of the whole file, for Content-MD5.</summary>
    public string Md5Base64 => Convert.ToBase64String(Convert.FromHexString(Md5));

    /// <summary>Hashes <paramref name="path"/>; parts of <paramref name="partSize"/> when the file has at least <paramref name="threshold"/> bytes.</summary>
    public static async Task<FileDigest> ComputeAsync(string path, long threshold, long partSize, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var multipart = file.Length >= threshold;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var partMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var partsOfParts = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var parts = new List<string>();
        var buffer = new byte[1 << 16];
        long total = 0, inPart = 0;
        int n;
        while ((n = await file.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            sha.AppendData(buffer, 0, n);
            md5.AppendData(buffer, 0, n);
            var offset = 0;
            while (multipart && offset < n)
            {
                var take = (int)Math.Min(n - offset, partSize - inPart);
                partMd5.AppendData(buffer, offset, take);
                offset += take;
                inPart += take;
                if (inPart == partSize)
                {
                    EndPart(partMd5, partsOfParts, parts);
                    inPart = 0;
                }
            }

            total += n;
        }

        if (multipart && inPart > 0)
        {
            EndPart(partMd5, partsOfParts, parts);
        }

        var etag = multipart ? Convert.ToHexStringLower(partsOfParts.GetHashAndReset()) + "-" + parts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return new FileDigest(total, Convert.ToHexStringLower(sha.GetHashAndReset()), Convert.ToHexStringLower(md5.GetHashAndReset()),
            parts, etag, multipart ? partSize : 0);
    }

    private static void EndPart(IncrementalHash part, IncrementalHash partsOfParts, List<string> parts)
    {
        var hash = part.GetHashAndReset();
        partsOfParts.AppendData(hash);
        parts.Add(Convert.ToBase64String(hash));
    }
}

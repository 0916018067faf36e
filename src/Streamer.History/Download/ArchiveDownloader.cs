using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Streamer.History.Dumps;

namespace Streamer.History.Download;

/// <summary>
/// Fetches one archive and proves it against its <c>.CHECKSUM</c> before anyone reads it. The bytes go
/// to <c>{cache}/{url path}.part</c>; an interrupted download (a kill, a dropped connection) continues
/// from the bytes already there with an HTTP Range request, or starts over when the server ignores the
/// range. A digest mismatch deletes the part and tries again from scratch (a resumed file may have mixed
/// two versions), a 404 is final, anything else is retried with a doubling pause.
/// </summary>
internal sealed class ArchiveDownloader(HttpClient http, Uri baseUrl, string cacheDir, RetryPolicy retry, TimeSpan readTimeout, TimeProvider time, ILogger logger)
{
    /// <summary>Where the zip of <paramref name="archive"/> is kept while it is fetched and read.</summary>
    public string PartPath(Archive archive) => Path.Combine(cacheDir, archive.UrlPath.Replace('/', Path.DirectorySeparatorChar) + ".part");

    /// <param name="archive">What to fetch.</param>
    /// <param name="progress">Told every received block's size, and the archive's size when known.</param>
    /// <param name="ct">Stops it; the part file stays for the next run.</param>
    public async Task<FetchResult> FetchAsync(Archive archive, IByteProgress progress, CancellationToken ct)
    {
        var part = PartPath(archive);
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        long received = 0;
        var detail = "";
        var mismatch = false;
        for (var attempt = 1; attempt <= retry.Retries + 1; attempt++)
        {
            if (attempt > 1)
            {
                var delay = retry.DelayBefore(attempt);
                HistoryLog.Retrying(logger, archive.Label, attempt, retry.Retries + 1, delay.TotalSeconds, detail);
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
            }

            try
            {
                var expected = await GetChecksumAsync(archive, ct).ConfigureAwait(false);
                if (expected is null)
                {
                    return new FetchResult(FetchStatus.MissingUpstream, null, "404: not published (missing upstream)", received);
                }

                if (expected.Length == 0)
                {
                    mismatch = true;
                    detail = $"{archive.FileName}.CHECKSUM is not a \"<sha256>  {archive.FileName}\" line";
                    continue;
                }

                var (found, bytes) = await DownloadAsync(archive, part, progress, ct).ConfigureAwait(false);
                received += bytes;
                if (!found)
                {
                    return new FetchResult(FetchStatus.MissingUpstream, null, "404: not published (missing upstream)", received);
                }

                var actual = await Sha256Async(part, ct).ConfigureAwait(false);
                if (string.Equals(actual, expected, StringComparison.Ordinal))
                {
                    return new FetchResult(FetchStatus.Verified, part, "", received);
                }

                mismatch = true;
                detail = $"SHA-256 {actual[..12]}… of the download is not {expected[..12]}… of the CHECKSUM file";
                HistoryLog.ChecksumMismatch(logger, archive.Label, actual, expected);
                File.Delete(part);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or IOException or OperationCanceledException or HttpIOException)
            {
                mismatch = false;
                detail = e is OperationCanceledException ? $"no data for {readTimeout.TotalSeconds:0} s" : e.Message;
            }
        }

        return new FetchResult(mismatch ? FetchStatus.ChecksumMismatch : FetchStatus.Failed, null, detail, received);
    }

    /// <summary>The expected digest; null for a 404; empty when the file is not a checksum line.</summary>
    private async Task<string?> GetChecksumAsync(Archive archive, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(readTimeout);
        using var response = await http.GetAsync(new Uri(baseUrl, archive.ChecksumUrlPath), timeout.Token).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        return ChecksumFile.Parse(text, archive.FileName) ?? "";
    }

    /// <summary>Completes <paramref name="part"/>; false for a 404. Returns the bytes received.</summary>
    private async Task<(bool Found, long Bytes)> DownloadAsync(Archive archive, string part, IByteProgress progress, CancellationToken ct)
    {
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, archive.UrlPath));
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
        }

        using var headers = CancellationTokenSource.CreateLinkedTokenSource(ct);
        headers.CancelAfter(readTimeout);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headers.Token).ConfigureAwait(false);
        switch (response.StatusCode)
        {
            case HttpStatusCode.NotFound:
                return (false, 0);
            case HttpStatusCode.RequestedRangeNotSatisfiable:
                // The part is already whole (killed between the last byte and the check): the digest decides.
                return (true, 0);
            case HttpStatusCode.PartialContent when response.Content.Headers.ContentRange?.From == have:
                HistoryLog.Resuming(logger, archive.Label, have);
                progress.Length((response.Content.Headers.ContentRange.Length ?? have + (response.Content.Headers.ContentLength ?? 0)) - have);
                break;
            default:
                response.EnsureSuccessStatusCode();
                // The server sent the whole file (no range support, or a range it would not honour): start over.
                have = 0;
                progress.Length(response.Content.Headers.ContentLength ?? 0);
                break;
        }

        var file = new FileStream(part, have > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                return (true, await CopyAsync(body, file, progress, ct).ConfigureAwait(false));
            }
        }
    }

    /// <summary>Copies with a deadline per read, so a server that stops sending does not hang the run.</summary>
    private async Task<long> CopyAsync(Stream body, FileStream file, IByteProgress progress, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        while (true)
        {
            idle.CancelAfter(readTimeout);
            var n = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
            if (n == 0)
            {
                return total;
            }

            // Written at once: what a kill leaves in the part is what was received, ready to resume from.
            await file.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            await file.FlushAsync(ct).ConfigureAwait(false);
            total += n;
            progress.Received(n);
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct).ConfigureAwait(false));
        }
    }
}

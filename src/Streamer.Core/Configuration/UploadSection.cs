using System.Text.RegularExpressions;

namespace Streamer.Core.Configuration;

/// <summary>Reads and validates the <c>upload:</c> section (its own file: it has more rules than the others).</summary>
internal static partial class UploadSection
{
    private const long MiB = 1L << 20;

    public static UploadConfig Read(YamlSection s)
    {
        var enabled = s.Bool("enabled", false);
        var endpointText = s.String("endpoint", "").Trim();
        Uri? endpoint = null;
        if (endpointText.Length > 0)
        {
            endpoint = s.Url("endpoint", "", "https", "http");
        }

        var bucket = s.String("bucket", "").Trim();
        if (enabled && bucket.Length == 0)
        {
            throw s.Error(s.Raw("enabled"), "bucket", "is required when upload.enabled is true; name the bucket, e.g. bucket: market-data");
        }

        if (bucket.Length > 0 && !BucketPattern().IsMatch(bucket))
        {
            throw s.Error(s.Raw("bucket"), "bucket", $"'{bucket}' is not a bucket name; allowed: 3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit");
        }

        var prefix = s.String("prefix", "").Trim().Trim('/');
        if (prefix.Length > 0 && !PrefixPattern().IsMatch(prefix))
        {
            throw s.Error(s.Raw("prefix"), "prefix", $"'{prefix}' is not allowed; use letters, digits and . _ - / (no '//', no spaces)");
        }

        var region = s.String("region", "us-east-1").Trim();
        if (!RegionPattern().IsMatch(region))
        {
            throw s.Error(s.Raw("region"), "region", $"'{region}' is not a region name, e.g. us-east-1, eu-central-1");
        }

        var serverName = s.String("server_name", "").Trim();
        if (serverName.Length == 0)
        {
            serverName = Environment.MachineName;
        }
        else if (!NamePattern().IsMatch(serverName))
        {
            throw s.Error(s.Raw("server_name"), "server_name", $"'{serverName}' is not allowed; use 1 to 63 letters, digits, '.', '_' or '-'");
        }

        var config = new UploadConfig(
            Enabled: enabled,
            Endpoint: endpoint,
            Bucket: bucket,
            Prefix: prefix,
            Region: region,
            ForcePathStyle: s.Bool("force_path_style", false),
            ServerName: serverName,
            DeleteLocal: s.Bool("delete_local", false),
            KeepLocalDays: s.Int("keep_local_days", 0, 0, 3650),
            MultipartThreshold: s.Long("multipart_threshold", 64 * MiB, 5 * MiB, 5L << 40),
            PartSize: s.Long("part_size", 16 * MiB, 5 * MiB, 5L << 30),
            Concurrency: s.Int("concurrency", 2, 1, 64),
            ScanInterval: s.Duration("scan_interval", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
            RetryMinDelay: s.Duration("retry_min_delay", TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
            RetryMaxDelay: s.Duration("retry_max_delay", TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1)),
            RequestTimeout: s.Duration("request_timeout", TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)));
        if (config.RetryMaxDelay < config.RetryMinDelay)
        {
            throw s.Error(s.Raw("retry_max_delay"), "retry_max_delay", "must not be shorter than retry_min_delay");
        }

        if (config.MultipartThreshold < config.PartSize)
        {
            throw s.Error(s.Raw("multipart_threshold"), "multipart_threshold", "must not be smaller than part_size");
        }

        s.RejectUnknownKeys();
        return config;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^[a-z0-9-]{2,30}$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,63}$")]
    private static partial Regex NamePattern();
}

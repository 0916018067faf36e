using NUnit.Framework;
using Streamer.Core.Configuration;

namespace Streamer.Upload.Tests;

public sealed class UploadConfigTests
{
    private const string Base = "mode: development\nmodes:\n  development:\n    symbols: [BTCUSDT]\n";

    [Test]
    public void Defaults_UploadOff() =>
        Assert.That(ConfigLoader.Parse(Base, "config.yaml").Upload, Is.EqualTo(UploadConfig.Disabled));

    [Test]
    public void FullSection_IsRead()
    {
        var c = ConfigLoader.Parse(Base + "upload:\n  enabled: true\n  endpoint: http://127.0.0.1:9000\n  bucket: market-data\n  prefix: /raw/\n  force_path_style: true\n  server_name: box-1\n  delete_local: true\n  keep_local_days: 3\n  concurrency: 4\n", "config.yaml").Upload;
        Assert.That((c.Enabled, c.Endpoint?.ToString(), c.Bucket, c.Prefix, c.ForcePathStyle, c.ServerName, c.DeleteLocal, c.KeepLocalDays, c.Concurrency),
            Is.EqualTo((true, "http://127.0.0.1:9000/", "market-data", "raw", true, "box-1", true, 3, 4)));
    }

    [TestCase("upload:\n  enabled: true\n", "config.yaml:6: upload.bucket: is required when upload.enabled is true")]
    [TestCase("upload:\n  bucket: Bad_Bucket\n", "config.yaml:6: upload.bucket: 'Bad_Bucket' is not a bucket name")]
    [TestCase("upload:\n  part_size: 1024\n", "config.yaml:6: upload.part_size: '1024' is not allowed; expected a whole number from 5242880")]
    [TestCase("upload:\n  endpoint: ftp://x\n", "config.yaml:6: upload.endpoint: 'ftp://x' is not a valid URL")]
    [TestCase("upload:\n  retry_max_delay: 1s\n  retry_min_delay: 5s\n", "upload.retry_max_delay: must not be shorter than retry_min_delay")]
    [TestCase("upload:\n  colour: blue\n", "config.yaml:6: upload.colour: unknown key; allowed here:")]
    public void BadValues_NameFileLineAndKey(string section, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Base + section, "config.yaml"));
        Assert.That(e!.Message, Does.StartWith(expected).Or.Contain(expected));
    }
}

using NUnit.Framework;
using Streamer.Core.Configuration;
using Streamer.Supervisor.Commands;
using Streamer.Supervisor.Reload;

namespace Streamer.Supervisor.Tests;

public class ConfigSnapshotTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("snapshot-test-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void TheSnapshotReadFromAnotherFolder_IsTheSameConfiguration()
    {
        var configPath = Path.Combine(_dir, "config.yaml");
        File.WriteAllText(configPath, """
            # comment
            mode: production
            modes:
              production:
                symbols:
                  - BTCUSDT
                  - {symbol: ETHUSDT, streams: [aggtrade, depth], enabled: false}
            storage:
              data_dir: ./my data
              fsync_interval: 2s
            daemon:
              pid_file: run/streamer.pid
            network:
              request_timeout: 7s
            """);
        var loaded = ConfigSource.Load(configPath, checkDataDir: false);
        var snapshotPath = ConfigSnapshot.Write(loaded, Path.Combine(_dir, "elsewhere", ".streamer"));
        var copy = ConfigLoader.Load(snapshotPath, checkDataDir: false);

        Assert.That(copy.Storage, Is.EqualTo(loaded.Config.Storage));
        Assert.That(copy.Storage.DataDir, Is.EqualTo(Path.Combine(_dir, "my data")));
        Assert.That(copy.Daemon, Is.EqualTo(loaded.Config.Daemon));
        Assert.That(copy.Network, Is.EqualTo(loaded.Config.Network));
        Assert.That(copy.Mode, Is.EqualTo("production"));
        Assert.That(copy.Symbols.Select(s => (s.Symbol, s.Enabled, s.Streams.Count)), Is.EqualTo(loaded.Config.Symbols.Select(s => (s.Symbol, s.Enabled, s.Streams.Count))));
        Assert.That(File.ReadAllText(snapshotPath), Does.StartWith("# Copy of " + configPath));
    }

    [Test]
    public void AMissingOrBrokenFile_IsAConfigException()
    {
        Assert.Throws<ConfigException>(() => ConfigSource.Load(Path.Combine(_dir, "missing.yaml"), checkDataDir: false));
        var broken = Path.Combine(_dir, "broken.yaml");
        File.WriteAllText(broken, "mode: [unclosed\n");
        var e = Assert.Throws<ConfigException>(() => ConfigSource.Load(broken, checkDataDir: false));
        Assert.That(e!.Message, Does.StartWith("broken.yaml:"));
    }
}

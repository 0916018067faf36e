using NUnit.Framework;
using Streamer.Supervisor.Reload;

namespace Streamer.Supervisor.Tests;

public class ConfigWatcherTests
{
    [Test]
    public async Task ABurstOfWrites_IsOneReload_AndALaterWriteAnother()
    {
        var dir = Directory.CreateTempSubdirectory("watch-test-").FullName;
        try
        {
            var path = Path.Combine(dir, "config.yaml");
            await File.WriteAllTextAsync(path, "a");
            var reloads = 0;
            var watcher = new ConfigWatcher(path, TimeSpan.FromMilliseconds(300), _ =>
            {
                Interlocked.Increment(ref reloads);
                return Task.CompletedTask;
            });
            await using (watcher)
            {
                for (var i = 0; i < 5; i++)
                {
                    await File.WriteAllTextAsync(path, "b" + i);
                }

                Assert.That(await Eventually.TrueAsync(() => Volatile.Read(ref reloads) >= 1), Is.True);
                // The burst must not produce a second reload: wait past a whole debounce period and check.
                var settled = DateTime.UtcNow + TimeSpan.FromMilliseconds(900);
                Assert.That(await Eventually.TrueAsync(() => DateTime.UtcNow > settled || Volatile.Read(ref reloads) > 1, TimeSpan.FromSeconds(5)), Is.True);
                Assert.That(Volatile.Read(ref reloads), Is.EqualTo(1));

                watcher.Trigger();
                Assert.That(await Eventually.TrueAsync(() => Volatile.Read(ref reloads) == 2), Is.True, "SIGHUP path");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

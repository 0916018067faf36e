using NUnit.Framework;
using Streamer.Supervisor.Daemon;

namespace Streamer.Supervisor.Tests;

/// <summary>The daemon's log stays bounded: rotated at line ends, older files shifted, the oldest deleted, no line lost.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class RotatingLogWriterTests
{
    private string _dir = "";

    private string LogPath => Path.Combine(_dir, "streamer.log");

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("log-rotation-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void PastTheLimit_TheLogRotates_KeepingEveryLineWholeAndInOrder()
    {
        using (var log = new RotatingLogWriter(LogPath, maxBytes: 1000, keep: 3, ownsStandardDescriptors: false))
        {
            for (var i = 0; i < 100; i++)
            {
                // Pieces of one line never end up in two files.
                log.Write($"line {i:D3} ");
                log.Write('-');
                log.WriteLine(new string('x', 30));
            }

            Assert.That(log.Rotations, Is.GreaterThanOrEqualTo(3));
        }

        var files = new[] { ".3", ".2", ".1", "" }.Select(suffix => LogPath + suffix).ToList();
        Assert.That(files.All(File.Exists), Is.True, "streamer.log and three rotated files");
        Assert.That(File.Exists(LogPath + ".4"), Is.False, "only log_keep rotated files are kept");
        foreach (var file in files.Take(3))
        {
            var length = new FileInfo(file).Length;
            Assert.That(length, Is.InRange(1000, 1000 + 50), $"{file} was rotated at the first line end past the limit");
        }

        var lines = files.SelectMany(File.ReadAllLines).ToList();
        Assert.That(lines, Is.All.Match(@"^line \d{3} -x{30}$"), "whole lines only");
        var numbers = lines.Select(l => int.Parse(l.AsSpan(5, 3), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(numbers, Is.Ordered.And.Unique);
        Assert.That(numbers[^1], Is.EqualTo(99), "the newest line is in streamer.log");
        Assert.That(numbers.Count, Is.EqualTo(100 - numbers[0]), "no line missing from the kept files");
    }

    [Test]
    public void AnExistingLog_IsAppendedTo_AndCountsTowardTheLimit()
    {
        File.WriteAllText(LogPath, new string('o', 990) + "\n");
        using (var log = new RotatingLogWriter(LogPath, maxBytes: 1000, keep: 1, ownsStandardDescriptors: false))
        {
            log.WriteLine("first line of this run");
            log.WriteLine("second");
        }

        Assert.That(File.ReadAllText(LogPath + ".1"), Does.EndWith("first line of this run\n"));
        Assert.That(File.ReadAllText(LogPath), Is.EqualTo("second\n"));
    }

    [Test]
    public void AfterDispose_ALateLine_IsDropped_NotThrown()
    {
        var log = new RotatingLogWriter(LogPath, maxBytes: 1000, keep: 1, ownsStandardDescriptors: false);
        log.WriteLine("last line of the run");
        log.Dispose();
        Assert.DoesNotThrow(() => log.WriteLine("a child's line after the stop"), "Console may still point at the writer");
        Assert.That(File.ReadAllText(LogPath), Is.EqualTo("last line of the run\n"));
    }
}

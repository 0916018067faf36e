using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;

namespace Streamer.Binance.Tests;

/// <summary>
/// Real Binance traffic recorded by third parties, read at test time from the shared fixtures folder
/// next to the repository (never copied into it). Tests are ignored, with the reason, when it is absent.
/// </summary>
internal static class Fixtures
{
    public static string Root(string relative)
    {
        var dir = FindSharedFolder();
        var path = dir is null ? null : Path.Combine(dir, "fixtures", "binance", relative);
        if (path is null || !File.Exists(path))
        {
            Assert.Ignore($"Fixture {relative} not found: expected the shared folder next to the repository (../shared/fixtures/binance), or set STREAMER_SHARED.");
        }

        return path!;
    }

    /// <summary>JSON payloads of a cryptofeed capture (<c>ts: json</c> lines, the first line is the URL).</summary>
    public static IReadOnlyList<string> CryptofeedMessages(string file) =>
        File.ReadLines(Root("cryptofeed/" + file))
            .Select(l => l.IndexOf(": {", StringComparison.Ordinal) is var i and >= 0 ? l[(i + 2)..] : null)
            .Where(l => l is not null)
            .Select(l => l!)
            .ToList();

    /// <summary>JSON payloads of an hftbacktest capture (<c>ts json</c> lines, gzip).</summary>
    public static IEnumerable<string> HftbacktestMessages(string file)
    {
        using var gz = new GZipStream(File.OpenRead(Root("hftbacktest/" + file)), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                yield return line[(space + 1)..];
            }
        }
    }

    public static string FirstContaining(IEnumerable<string> messages, string text) =>
        messages.First(m => m.Contains(text, StringComparison.Ordinal));

    private static string? FindSharedFolder([CallerFilePath] string sourceFile = "")
    {
        var env = Environment.GetEnvironmentVariable("STREAMER_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
        {
            return env;
        }

        foreach (var start in new[] { Path.GetDirectoryName(sourceFile), TestContext.CurrentContext.TestDirectory })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "Streamer.sln")))
                {
                    var shared = Path.Combine(Path.GetDirectoryName(dir) ?? dir, "shared");
                    if (Directory.Exists(shared))
                    {
                        return shared;
                    }
                }
            }
        }

        return null;
    }
}

using System.Reflection;

namespace Streamer.OrderBook.Tests;

/// <summary>The repository root, recorded at build time by tests/Directory.Build.props.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = typeof(RepoRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>The shared real-capture fixtures (never copied into the repository), or null when absent.</summary>
    public static string? BinanceFixtures
    {
        get
        {
            var dir = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared", "fixtures", "binance"));
            return Directory.Exists(dir) ? dir : null;
        }
    }
}

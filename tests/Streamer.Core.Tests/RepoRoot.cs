using System.Reflection;

namespace Streamer.Core.Tests;

/// <summary>The repository root, recorded at build time by tests/Directory.Build.props.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = typeof(RepoRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;
}

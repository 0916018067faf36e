using System.Reflection;

namespace Streamer.IntegrationTests.Infrastructure;

/// <summary>Where the repository, the built executable and the shared fixtures are.</summary>
internal static class TestPaths
{
    /// <summary>Repository root, recorded at build time by tests/Directory.Build.props.</summary>
    public static string RepoRoot { get; } = typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>Real Binance captures, kept outside the repository (../shared/fixtures/binance).</summary>
    public static string Fixtures { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures", "binance"));

    /// <summary>The streamer entry assembly, copied next to the tests by the project reference.</summary>
    public static string StreamerDll { get; } = Path.Combine(AppContext.BaseDirectory, "streamer.dll");
}

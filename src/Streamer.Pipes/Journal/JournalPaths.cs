namespace Streamer.Pipes.Journal;

/// <summary>Where journals live: <c>{data_dir}/.journal/{source}</c>, one folder per source (<c>worker_BTCUSDT</c>, <c>orderbook_BTCUSDT</c>).</summary>
public static class JournalPaths
{
    /// <summary>Folder under the data directory that holds every source's journal.</summary>
    public const string Folder = ".journal";

    /// <summary>The journal root of <paramref name="dataDir"/>.</summary>
    public static string Root(string dataDir) => Path.Combine(dataDir, Folder);

    /// <summary>The journal folder of <paramref name="source"/> (e.g. <c>worker:BTCUSDT</c>): characters other than letters, digits, '-' and '.' become '_'.</summary>
    public static string For(string dataDir, string source) =>
        Path.Combine(Root(dataDir), string.Concat(source.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_')));

    /// <summary>Every journal folder under <paramref name="dataDir"/> (none when there is no root yet).</summary>
    public static IReadOnlyList<string> All(string dataDir)
    {
        var root = Root(dataDir);
        return Directory.Exists(root) ? [.. Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal)] : [];
    }
}

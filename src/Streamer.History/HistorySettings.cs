namespace Streamer.History;

/// <summary>What <c>streamer history</c> takes from the configuration.</summary>
/// <param name="DataDir"><c>storage.data_dir</c>: where the day files are.</param>
/// <param name="BaseUrl"><c>history.base_url</c>: the dump server.</param>
/// <param name="CloseGrace"><c>storage.close_grace</c>: how long after midnight the writer keeps yesterday's files open.</param>
/// <param name="ConfiguredSymbols">The enabled symbols of the selected mode (download's default).</param>
public sealed record HistorySettings(string DataDir, Uri BaseUrl, TimeSpan CloseGrace, IReadOnlyList<string> ConfiguredSymbols);

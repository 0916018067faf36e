using Streamer.History.Dumps;

namespace Streamer.History.Cli;

/// <summary>What <c>streamer history download|fill</c> was asked to do.</summary>
internal enum HistoryAction
{
    Download,
    Fill,
}

/// <summary>The parsed command line.</summary>
/// <param name="Action">download or fill.</param>
/// <param name="Symbols">Symbols; empty: download takes the configuration's, fill every symbol folder.</param>
/// <param name="Types">Dump types, in the order given.</param>
/// <param name="From">First UTC day (download: required).</param>
/// <param name="To">Last UTC day (download: yesterday when not given).</param>
/// <param name="BaseUrl">Overrides <c>history.base_url</c>.</param>
/// <param name="Parallel">Archives fetched at the same time.</param>
/// <param name="Retries">Attempts after the first for one archive.</param>
internal sealed record HistoryRequest(
    HistoryAction Action,
    IReadOnlyList<string> Symbols,
    IReadOnlyList<DumpType> Types,
    DateOnly? From,
    DateOnly? To,
    Uri? BaseUrl,
    int Parallel,
    int Retries)
{
    public bool Selects(DateOnly day) => (From is not { } from || day >= from) && (To is not { } to || day <= to);
}

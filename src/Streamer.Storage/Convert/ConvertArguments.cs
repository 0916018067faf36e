namespace Streamer.Storage.Convert;

/// <summary>What <c>streamer convert --to parquet</c> was asked to convert (read by <see cref="ConvertCli"/>).</summary>
/// <param name="Symbols">Symbols; empty = every symbol folder.</param>
/// <param name="From">First day, inclusive.</param>
/// <param name="To">Last day, inclusive.</param>
public sealed record ConvertArguments(IReadOnlyList<string> Symbols, DateOnly? From, DateOnly? To);

using Streamer.Bench.Infrastructure;

namespace Streamer.Bench.Benchmarks;

/// <summary>
/// Puts the BenchmarkDotNet reports of bench/Streamer.Micro (the <c>*-report-github.md</c> files) into the
/// "micro" section of RESULTS.md (<c>streamer-bench micro-import DIR</c>; bench/run.sh micro calls it).
/// </summary>
internal static class MicroImport
{
    private static readonly (string Key, string Label)[] Headline =
    [
        ("parse aggTrade", "aggTrade parse"),
        ("parse depthUpdate 10+10", "depth 10+10 parse"),
        ("CsvRowBuilder", "CsvRowBuilder row"),
        ("CsvHelper 34 WriteRecord", "CsvHelper record row"),
        ("encode 1 data frame", "frame encode"),
        ("BookSynchronizer.OnDepth", "book update"),
    ];

    public static Task RunAsync(BenchOptions options, string resultsDir)
    {
        var files = Directory.GetFiles(resultsDir, "*-report-github.md").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"no BenchmarkDotNet reports (*-report-github.md) in {resultsDir}");
        }

        var report = new Report("Microbenchmarks (BenchmarkDotNet)",
            """
            bench/Streamer.Micro, BenchmarkDotNet `--job short --inProcess` (3 warm-up + 3 measured iterations: medians of many operations each),
            `[MemoryDiagnoser]` (Allocated = bytes per operation, "-" = none). Message parsing: Streamer.Binance's `BinanceMessageParser` from
            the combined-stream envelope to CSV rows. Frames: Streamer.Core `FrameCodec`. CSV: one aggtrade row with `CsvRowBuilder` vs
            CsvHelper 34 (source-generated `[CsvRecord]` record and its field-by-field UTF-8 API, both to `CsvWriter.Create(Stream.Null, options)`).
            Order book: the order book process's per-message path (`DepthCsvDecoder` + `BookSynchronizer.OnDepth` on a synced 1000-level book).
            """);
        string? environment = null;
        var means = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            environment ??= string.Join("\n", lines.TakeWhile(l => !l.StartsWith('|')).Where(l => l.Length > 0 && !l.StartsWith("```", StringComparison.Ordinal)));
            var table = lines.Where(l => l.StartsWith('|')).ToList();
            report.Line("**" + Path.GetFileName(file).Replace("Streamer.Micro.", "", StringComparison.Ordinal).Replace("-report-github.md", "", StringComparison.Ordinal) + "**").Line("");
            foreach (var line in table)
            {
                report.Line(line);
            }

            report.Line("");
            var header = table.Count > 0 ? table[0].Split('|').Select(c => c.Trim()).ToList() : [];
            var meanColumn = header.IndexOf("Mean");
            foreach (var (key, label) in Headline)
            {
                var row = table.FirstOrDefault(l => l.Contains(key, StringComparison.Ordinal));
                if (row is not null && meanColumn > 0)
                {
                    means.Add(label + " " + row.Split('|')[meanColumn].Replace("*", "", StringComparison.Ordinal).Trim());
                }
            }
        }

        report.Line("```").Line(environment ?? "").Line("```");
        report.Publish(options, "micro", new SummaryRow("figures (parse, frame, CSV, book)", string.Join(", ", means), "figure (no numeric target)", ""));
        return Task.CompletedTask;
    }
}

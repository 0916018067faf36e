using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Streamer.ParquetBench;
using Streamer.Storage.Csv;
using Streamer.Storage.Parquet;

// Usage: streamer-parquet-bench {net|sharp} {depth|aggtrade} [rows] [runs]
// One library per process, so peak memory is that library's. Prints one line per run and a median line.
var library = args.Length > 0 ? args[0] : "net";
var stream = args.Length > 1 ? args[1] : "depth";
var rows = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
var runs = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
var csv = Encoding.UTF8.GetBytes(stream == "depth" ? Rows.Depth(rows, 1) : Rows.AggTrade(rows, 1));

// Parsing is the same for both libraries and is measured apart; the timed part is writing the batches.
var schema = CsvToParquet.ScanSchema(() => new MemoryStream(csv));
var batches = new List<ColumnBatch>();
var parse = Stopwatch.StartNew();
using (var reader = new CsvRecordReader(new MemoryStream(csv)))
{
    reader.Next();
    var batch = new ColumnBatch(schema, CsvToParquet.DefaultRowGroupRows);
    while (reader.Next() is { } row)
    {
        batch.Add(row);
        if (batch.IsFull)
        {
            batches.Add(batch);
            batch = new ColumnBatch(schema, CsvToParquet.DefaultRowGroupRows);
        }
    }

    if (batch.Count > 0)
    {
        batches.Add(batch);
    }
}

var parseSeconds = parse.Elapsed.TotalSeconds;
long gz;
using (var gzOut = new MemoryStream())
{
    using (var z = new GZipStream(gzOut, CompressionLevel.Optimal, leaveOpen: true))
    {
        z.Write(csv);
    }

    gz = gzOut.Length;
}

var path = Path.Combine(Path.GetTempPath(), $"parquet-bench-{Environment.ProcessId}.parquet");
var results = new List<(double Wall, double Cpu, long Alloc)>();
for (var run = 0; run < runs; run++)
{
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var alloc0 = GC.GetTotalAllocatedBytes(precise: true);
    var wall = Stopwatch.StartNew();
    if (library == "net")
    {
        await using var file = File.Create(path);
        await using var writer = await ParquetFileWriter.CreateAsync(schema, file, CancellationToken.None);
        foreach (var b in batches)
        {
            await writer.WriteAsync(b, CancellationToken.None);
        }
    }
    else
    {
        SharpWriter.Write(batches, path);
    }

    var w = wall.Elapsed.TotalSeconds;
    var c = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
    results.Add((w, c, GC.GetTotalAllocatedBytes(precise: true) - alloc0));
    Console.WriteLine(FormattableString.Invariant($"run {run}: {rows / w:F0} rows/s, {c * 1e9 / rows:F0} ns CPU/row"));
}

var size = new FileInfo(path).Length;
File.Delete(path);
var median = results.OrderBy(r => r.Wall).ElementAt(results.Count / 2);
var cpuMedian = results.Select(r => r.Cpu).Order().ElementAt(results.Count / 2);
Process.GetCurrentProcess().Refresh();
Console.WriteLine(FormattableString.Invariant(
    $"RESULT {library} {stream} rows={rows} rows/s={rows / median.Wall:F0} cpu_ns/row={cpuMedian * 1e9 / rows:F0} alloc_B/row={median.Alloc / (double)rows:F1} peak_ws_MB={Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} parquet_B/row={size / (double)rows:F2} csv_B/row={csv.Length / (double)rows:F2} csvgz_B/row={gz / (double)rows:F2} parse_rows/s={rows / parseSeconds:F0}"));

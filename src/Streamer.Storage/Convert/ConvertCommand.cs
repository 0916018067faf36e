using System.Globalization;
using Streamer.Core.Cli;
using Streamer.Core.Configuration;
using Streamer.Core.Ownership;
using Streamer.Core.Storage;
using Streamer.Storage.Csv;
using Streamer.Storage.Parquet;

namespace Streamer.Storage.Convert;

/// <summary>
/// <c>streamer convert --to parquet</c>: replaces closed CSV days by Parquet parts, one file at a time, each checked
/// (the part's footer holds as many rows as the CSV) before the CSV is deleted. The part is complete and fsynced under a
/// temporary name first and renamed into place, so no reader ever sees half a file; the CSV is deleted only after.
/// </summary>
public static class ConvertCommand
{
    /// <summary>Exit code when a file could not be converted (the others are).</summary>
    public const int SomeFailed = 1;

    /// <summary>
    /// Runs the command; returns the exit code (0 ok, 1 some file failed or the data directory is in use, 2 usage).
    /// <paramref name="heldByWriter"/>: the day files (relative to the data directory, '/' separated) that the writer's
    /// checkpoint still lists; they are left alone (the next start of the recorder recovers and seals them).
    /// </summary>
    public static async Task<int> RunAsync(string dataDir, StorageLayout layout, IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider time, CancellationToken ct,
        IReadOnlySet<string>? heldByWriter = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(time);
        var cli = new ConvertCli();
        var result = ToolCommandLine.Parse(cli.Command, args);
        if (await ToolCommandLine.AnswerHelpOrErrorsAsync(result, ConvertCli.Notes, output, error, ct).ConfigureAwait(false) is { } answered)
        {
            return answered;
        }

        var (parsed, problem) = cli.Read(result);
        if (parsed is null)
        {
            await error.WriteLineAsync($"convert: {problem}\nRun 'streamer convert --help' for usage.".AsMemory(), ct).ConfigureAwait(false);
            return 2;
        }

        // A recorder appends late rows to closed days, seals them itself and names parts on its own: convert must not
        // run beside it. The supervisor's owner lock is held from before any child starts until it exits (also while
        // its writer restarts); taking it also keeps a recorder from starting while convert runs.
        using var owner = DataDirLock.TryAcquire(dataDir);
        if (owner is null)
        {
            await error.WriteLineAsync(InUse(dataDir, OwnerPid(dataDir)).AsMemory(), ct).ConfigureAwait(false);
            return SomeFailed;
        }

        // And the writer's own lock: a writer left running without its supervisor still owns the files.
        var state = Path.Combine(dataDir, ".writer");
        Directory.CreateDirectory(state);
        Microsoft.Win32.SafeHandles.SafeFileHandle held;
        try
        {
            held = File.OpenHandle(Path.Combine(state, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            await error.WriteLineAsync(InUse(dataDir, null).AsMemory(), ct).ConfigureAwait(false);
            return SomeFailed;
        }

        using (held)
        {
            await FinishInterruptedAsync(state, error, ct).ConfigureAwait(false);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var candidates = CsvFolders(dataDir)
                .Where(d => parsed.Symbols.Count == 0 || parsed.Symbols.Contains(d.Symbol, StringComparer.Ordinal))
                .SelectMany(d => ClosedDayFile.In(d.Folder, d.Symbol))
                .Where(f => f.Day < today && (parsed.From is null || f.Day >= parsed.From) && (parsed.To is null || f.Day <= parsed.To))
                .ToList();
            var files = new List<ClosedDayFile>();
            foreach (var file in candidates)
            {
                var relative = Path.GetRelativePath(dataDir, file.Path).Replace('\\', '/');
                if (heldByWriter?.Contains(relative) == true)
                {
                    // The writer's next start cuts it back to its checkpoint (or seals it): converted now, that would
                    // find it missing and report acknowledged rows as lost.
                    await error.WriteLineAsync($"convert: {relative} is still in the writer's checkpoint (the recorder stopped without closing it); left as it is: the next start of the recorder recovers and seals it".AsMemory(), ct).ConfigureAwait(false);
                    continue;
                }

                files.Add(file);
            }

            var failed = 0;
            long rowsTotal = 0;
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                var relative = Path.GetRelativePath(dataDir, file.Path);
                await output.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"[{i + 1}/{files.Count}] {relative} ... ").AsMemory(), ct).ConfigureAwait(false);
                await output.FlushAsync(ct).ConfigureAwait(false);
                try
                {
                    var (target, rows) = await ConvertOneAsync(dataDir, layout, file, ct).ConfigureAwait(false);
                    rowsTotal += rows;
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{rows:N0} rows → {target} ({new FileInfo(Path.Combine(dataDir, target)).Length / 1e6:0.0} MB)").AsMemory(), ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
                {
                    failed++;
                    await output.WriteLineAsync("FAILED".AsMemory(), ct).ConfigureAwait(false);
                    await error.WriteLineAsync($"convert: {relative}: {e.Message}; the csv is left as it was".AsMemory(), ct).ConfigureAwait(false);
                }
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{files.Count - failed} of {files.Count} file(s) converted, {rowsTotal:N0} rows{(failed > 0 ? $", {failed} failed" : "")}").AsMemory(), ct).ConfigureAwait(false);
            return failed > 0 ? SomeFailed : 0;
        }
    }

    private static async Task<(string Target, long Rows)> ConvertOneAsync(string dataDir, StorageLayout layout, ClosedDayFile file, CancellationToken ct)
    {
        var folderRelative = PartNames.Folder(layout, file.Symbol, file.Stream.FilePrefix, file.Day);
        var folder = Path.Combine(dataDir, folderRelative);
        Directory.CreateDirectory(folder);
        var name = PartNames.FileName(file.CsvName, PartNames.NextPart(file.CsvName, Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()));
        var target = Path.Combine(folder, name);
        var temp = target + ".convert.tmp";
        try
        {
            long rows;
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                rows = await CsvToParquet.ConvertAsync(file.OpenCsv, stream, CsvToParquet.DefaultRowGroupRows, ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            // Independent counts: the CSV's records read again on their own, and the rows the new footer says it holds.
            var csvRows = CountRecords(file);
            long footerRows;
            await using (var check = File.OpenRead(temp))
            {
                footerRows = await ParquetToCsv.RowCountAsync(check, ct).ConfigureAwait(false);
            }

            if (csvRows != rows || footerRows != rows)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"row counts differ: csv {csvRows}, converted {rows}, parquet footer {footerRows}"));
            }

            // Commit point: once the pending record is durable, a kill after the rename is finished by the next
            // convert (delete the csv), so the rows never stay in both files.
            var pending = PendingPath(Path.Combine(dataDir, ".writer"));
            await File.WriteAllTextAsync(pending, file.Path + "\t" + target + "\n", ct).ConfigureAwait(false);
            SyncFile(pending);
            File.Move(temp, target);
            DirectorySync.Sync(folder);
            File.Delete(file.Path);
            DirectorySync.Sync(Path.GetDirectoryName(file.Path)!);
            File.Delete(pending);
            return (Path.Combine(folderRelative, name).Replace('\\', '/'), rows);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// The folders that may hold CSV days: every symbol folder, and the hive layout's open parts in
    /// <c>.staging/{SYMBOL}</c> (left there by a recorder that was killed and not started since).
    /// </summary>
    private static IEnumerable<(string Folder, string Symbol)> CsvFolders(string dataDir)
    {
        foreach (var dir in Directory.EnumerateDirectories(dataDir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (!name.StartsWith('.') && !Core.Streams.StreamCatalog.TryGet(name, out _))
            {
                yield return (dir, name);
            }
        }

        var staging = Path.Combine(dataDir, PartNames.StagingFolder);
        if (Directory.Exists(staging))
        {
            foreach (var dir in Directory.EnumerateDirectories(staging).Order(StringComparer.Ordinal))
            {
                yield return (dir, Path.GetFileName(dir));
            }
        }
    }

    private static string InUse(string dataDir, int? pid) =>
        $"convert: {(pid is { } p ? $"streamer (pid {p.ToString(CultureInfo.InvariantCulture)})" : "a recorder")} is recording into {dataDir}; stop it first "
        + "('streamer --daemon stop', or Ctrl+C in its terminal): it appends late rows to closed days and seals them itself";

    /// <summary>The owner's pid: from the kernel's lock table where it can be asked, else what the owner wrote into the lock file.</summary>
    private static int? OwnerPid(string dataDir)
    {
        try
        {
            if (DataDirLock.CanFindOwner)
            {
                return DataDirLock.FindOwner(dataDir);
            }

            using var file = new FileStream(DataDirLock.PathFor(dataDir), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(file);
            return int.TryParse(reader.ReadLine(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string PendingPath(string state) => Path.Combine(state, "convert.pending");

    /// <summary>A convert killed between putting a part in place and deleting its csv: delete the csv now.</summary>
    private static async Task FinishInterruptedAsync(string state, TextWriter error, CancellationToken ct)
    {
        var pending = PendingPath(state);
        if (!File.Exists(pending))
        {
            return;
        }

        var fields = (await File.ReadAllTextAsync(pending, ct).ConfigureAwait(false)).TrimEnd('\n').Split('\t');
        if (fields.Length == 2 && File.Exists(fields[1]) && File.Exists(fields[0]))
        {
            File.Delete(fields[0]);
            await error.WriteLineAsync($"convert: finished an interrupted conversion: {fields[0]} was already in {fields[1]}".AsMemory(), ct).ConfigureAwait(false);
        }

        File.Delete(pending); // Otherwise the rename never happened and the csv is still the only copy.
    }

    private static void SyncFile(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.FlushToDisk(handle);
    }

    private static long CountRecords(ClosedDayFile file)
    {
        using var reader = new CsvRecordReader(file.OpenCsv());
        long n = -1; // The header is not a row.
        while (reader.Next() is not null)
        {
            n++;
        }

        return Math.Max(n, 0);
    }
}

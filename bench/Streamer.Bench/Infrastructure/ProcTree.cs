using System.Globalization;

namespace Streamer.Bench.Infrastructure;

/// <summary>A process of the streamer tree as seen in /proc: role, CPU time so far, PSS.</summary>
/// <param name="Pid">Process id.</param>
/// <param name="ParentPid">Parent process id.</param>
/// <param name="Role">supervisor, writer, worker, orderbook, simulate, or other.</param>
/// <param name="Symbol">The worker's symbol, else null.</param>
/// <param name="CpuTicks">utime + stime in clock ticks (see <see cref="Machine.TicksPerSecond"/>).</param>
internal sealed record ProcSample(int Pid, int ParentPid, string Role, string? Symbol, long CpuTicks)
{
    /// <summary>Proportional set size in kB (/proc/PID/smaps_rollup), or -1 when the process is gone.</summary>
    public long PssKb() => ProcTree.PssKb(Pid);

    /// <summary>Resident set size in kB, or -1 when the process is gone.</summary>
    public long RssKb() => ProcTree.RollupKb(Pid, "Rss:");
}

/// <summary>Reads the streamer process tree from /proc (Linux).</summary>
internal static class ProcTree
{
    private static readonly string[] Roles = ["writer", "worker", "orderbook", "simulate"];

    /// <summary>Every live process below <paramref name="rootPid"/> (inclusive), keyed by pid.</summary>
    public static Dictionary<int, ProcSample> Sample(int rootPid)
    {
        var all = new Dictionary<int, (int Parent, long Ticks, string[] Args)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (TryReadStat(pid, out var parent, out var ticks))
            {
                all[pid] = (parent, ticks, []);
            }
        }

        var tree = new Dictionary<int, ProcSample>();
        var frontier = new Queue<int>();
        if (all.ContainsKey(rootPid))
        {
            frontier.Enqueue(rootPid);
        }

        while (frontier.TryDequeue(out var pid))
        {
            var (parent, ticks, _) = all[pid];
            var args = ReadArgs(pid);
            var (role, symbol) = pid == rootPid ? ("supervisor", null) : Classify(args);
            tree[pid] = new ProcSample(pid, parent, role, symbol, ticks);
            foreach (var (child, info) in all)
            {
                if (info.Parent == pid && !tree.ContainsKey(child))
                {
                    frontier.Enqueue(child);
                }
            }
        }

        return tree;
    }

    /// <summary>Total CPU ticks of a sample set.</summary>
    public static long TotalTicks(IEnumerable<ProcSample> samples) => samples.Sum(s => s.CpuTicks);

    /// <summary>
    /// CPU ticks each process used between two samples. A process that appeared in between counts from 0;
    /// one that ended in between is lost (the benchmarks check that no child restarted).
    /// </summary>
    public static List<(ProcSample Proc, long Ticks)> Delta(Dictionary<int, ProcSample> before, Dictionary<int, ProcSample> after) =>
        [.. after.Values.Select(a => (a, a.CpuTicks - (before.TryGetValue(a.Pid, out var b) ? b.CpuTicks : 0)))];

    /// <summary>PSS in kB of a process, -1 when it is gone or unreadable.</summary>
    public static long PssKb(int pid) => RollupKb(pid, "Pss:");

    /// <summary>A kB field of /proc/PID/smaps_rollup, -1 when unreadable.</summary>
    public static long RollupKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return -1;
    }

    private static bool TryReadStat(int pid, out int parent, out long ticks)
    {
        parent = 0;
        ticks = 0;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z")
            {
                return false;
            }

            parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    private static string[] ReadArgs(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static (string Role, string? Symbol) Classify(string[] args)
    {
        var role = args.Take(3).FirstOrDefault(a => Roles.Contains(a)) ?? "other";
        var i = Array.IndexOf(args, "--symbol");
        return (role, i >= 0 && i + 1 < args.Length ? args[i + 1] : null);
    }
}

using System.Globalization;

namespace Streamer.IntegrationTests.Infrastructure;

/// <summary>Finds the supervisor's children through /proc (Linux): role, symbol and pid.</summary>
internal static class ProcessTree
{
    /// <summary>A live process with its parent and command line.</summary>
    public sealed record ProcInfo(int Pid, int ParentPid, string[] Args);

    public static List<ProcInfo> All()
    {
        var result = new List<ProcInfo>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (afterName[0] == "Z")
                {
                    continue; // a zombie is already dead
                }

                var ppid = int.Parse(afterName[1], CultureInfo.InvariantCulture);
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                result.Add(new ProcInfo(pid, ppid, args));
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return result;
    }

    /// <summary>Children of <paramref name="parentPid"/> running in <paramref name="role"/> (and for <paramref name="symbol"/>).</summary>
    public static List<ProcInfo> Children(int parentPid, string role, string? symbol = null) =>
        [.. All().Where(p => p.ParentPid == parentPid && IsRole(p, role) && (symbol is null || HasSymbol(p, symbol)))];

    /// <summary>Every process of any streamer run that mentions <paramref name="marker"/> (e.g. a workspace path).</summary>
    public static List<ProcInfo> Mentioning(string marker) =>
        [.. All().Where(p => p.Args.Any(a => a.Contains(marker, StringComparison.Ordinal)))];

    /// <summary>Waits for exactly one child in a role and returns its pid.</summary>
    public static async Task<int> WaitForChildAsync(int parentPid, string role, string? symbol, TimeSpan timeout, int notPid = 0)
    {
        var pid = 0;
        await Eventually.UntilAsync(() =>
        {
            var found = Children(parentPid, role, symbol).Where(p => p.Pid != notPid).ToList();
            pid = found.Count == 1 ? found[0].Pid : 0;
            return pid != 0;
        }, timeout, $"a {role} {symbol} child of {parentPid}").ConfigureAwait(false);
        return pid;
    }

    private static bool IsRole(ProcInfo p, string role)
    {
        var dll = Array.FindIndex(p.Args, a => a.EndsWith("streamer.dll", StringComparison.Ordinal) || a.EndsWith("/streamer", StringComparison.Ordinal));
        return dll >= 0 && dll + 1 < p.Args.Length && p.Args[dll + 1] == role;
    }

    private static bool HasSymbol(ProcInfo p, string symbol)
    {
        var i = Array.IndexOf(p.Args, "--symbol");
        // A worker group has all its symbols in one argument: --symbol BTCUSDT,ETHUSDT.
        return i >= 0 && i + 1 < p.Args.Length && p.Args[i + 1].Split(',').Contains(symbol);
    }
}

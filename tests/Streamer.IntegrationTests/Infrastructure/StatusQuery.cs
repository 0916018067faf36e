using System.Globalization;
using System.Text.Json;
using NUnit.Framework;

namespace Streamer.IntegrationTests.Infrastructure;

/// <summary><c>streamer --status --json</c> of a running recorder, and the facts tests read from it.</summary>
internal static class StatusQuery
{
    public static async Task<JsonElement> JsonAsync(Workspace workspace)
    {
        var (exit, stdout, stderr) = await StreamerProcess.RunAsync(workspace.Root, TimeSpan.FromSeconds(30), "-c", workspace.ConfigPath, "--status", "--json")
            .ConfigureAwait(false);
        Assert.That(exit, Is.EqualTo(0), stderr);
        using var document = JsonDocument.Parse(stdout);
        return document.RootElement.Clone();
    }

    /// <summary>The newest exchange time a symbol's worker has received on <paramref name="stream"/> (0 if none).</summary>
    public static long LastEventTime(JsonElement status, string symbol, string stream)
    {
        foreach (var child in status.GetProperty("children").EnumerateArray())
        {
            if (child.GetProperty("role").GetString() == "worker" && child.TryGetProperty("symbol", out var s) && s.GetString() == symbol
                && child.TryGetProperty("report", out var report) && report.GetProperty("streams").TryGetProperty(stream, out var st))
            {
                return st.GetProperty("last_event_time_ms").GetInt64();
            }
        }

        return 0;
    }

    /// <summary>A worker counter of a symbol (0 if absent).</summary>
    public static long Counter(JsonElement status, string symbol, string counter)
    {
        foreach (var child in status.GetProperty("children").EnumerateArray())
        {
            if (child.GetProperty("role").GetString() == "worker" && child.TryGetProperty("symbol", out var s) && s.GetString() == symbol
                && child.TryGetProperty("report", out var report) && report.GetProperty("counters").TryGetProperty(counter, out var value))
            {
                return value.GetInt64();
            }
        }

        return 0;
    }

    /// <summary>The pid of a symbol's worker.</summary>
    public static int WorkerPid(JsonElement status, string symbol) =>
        status.GetProperty("children").EnumerateArray()
            .Where(c => c.GetProperty("role").GetString() == "worker" && c.TryGetProperty("symbol", out var s) && s.GetString() == symbol)
            .Select(c => c.TryGetProperty("pid", out var p) ? p.GetInt32() : 0).FirstOrDefault();

    /// <summary>Resident memory of a process in bytes (VmRSS), 0 when it is gone.</summary>
    public static long Rss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

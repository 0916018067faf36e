using System.Text.Json;

namespace Streamer.Verify.Tests;

/// <summary>Runs <c>streamer verify</c> in-process and keeps what it printed.</summary>
internal sealed record VerifyRun(int ExitCode, string Output, string Error)
{
    /// <summary>Noon of <see cref="Recording.Day2"/>: Day2's files are live, Day1's are finished.</summary>
    public static readonly DateTimeOffset Now = new(Recording.Day2.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    public static async Task<VerifyRun> StartAsync(string dataDir, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await VerifyCommand.RunAsync(dataDir, args, output, error, new VerifyCommand.Terminal(false, false), new FixedTime(Now), CancellationToken.None);
        return new VerifyRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs with <c>--json</c> and returns the day entries of the report.</summary>
    public static async Task<(int ExitCode, JsonElement Report)> JsonAsync(string dataDir, params string[] args)
    {
        var run = await StartAsync(dataDir, [.. args, "--json"]);
        return (run.ExitCode, JsonDocument.Parse(run.Output).RootElement.Clone());
    }

    public static JsonElement Day(JsonElement report, string stream, DateOnly day) =>
        report.GetProperty("days").EnumerateArray().Single(d =>
            d.GetProperty("stream").GetString() == stream && d.GetProperty("day").GetString() == day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
}

using NUnit.Framework;
using Streamer.Core.Streams;

namespace Streamer.Verify.Tests;

public class FileDamageTests
{
    [Test]
    public async Task TornLastLine_InAFinishedDay_Fails()
    {
        using var data = new Recording();
        var rows = Recording.AggTrades(Recording.Day1, 1, 10).ToList();
        rows.Add("11,65000.10,0.0");
        data.Write(StreamCatalog.AggTrade, Recording.Day1, rows, lastNewline: false);

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var problem = VerifyRun.Day(report, "aggtrade", Recording.Day1).GetProperty("problems").EnumerateArray().Single();
        Assert.That(code, Is.EqualTo(1));
        Assert.That(problem.GetProperty("kind").GetString(), Is.EqualTo("torn"));
        Assert.That(problem.GetProperty("severity").GetString(), Is.EqualTo("error"));
        Assert.That(problem.GetProperty("at").GetProperty("line").GetInt64(), Is.EqualTo(12));
    }

    [Test]
    public async Task TornLastLine_InTodaysLiveFile_IsAWarning()
    {
        using var data = new Recording();
        var rows = Recording.AggTrades(Recording.Day2, 1, 10).ToList();
        rows.Add("11,650");
        data.Write(StreamCatalog.AggTrade, Recording.Day2, rows, lastNewline: false);

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "aggtrade", Recording.Day2);
        Assert.That(code, Is.Zero);
        Assert.That(day.GetProperty("status").GetString(), Is.EqualTo("warning"));
        Assert.That(day.GetProperty("problems")[0].GetProperty("severity").GetString(), Is.EqualTo("warning"));
    }

    [Test]
    public async Task TornLastLine_InACompressedFile_Fails()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, [.. Recording.AggTrades(Recording.Day1, 1, 10), "11,6"], gzip: true, lastNewline: false);

        var run = await VerifyRun.StartAsync(data.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("torn last line"));
    }

    [Test]
    public async Task WrongHeader_Fails()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 10), header: "id,price,qty,first,last,time,maker");

        var run = await VerifyRun.StartAsync(data.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("wrong header").And.Contain("agg_trade_id,price,quantity"));
    }

    [Test]
    public async Task WrongColumnCount_FailsWithTheLine()
    {
        using var data = new Recording();
        var rows = Recording.AggTrades(Recording.Day1, 1, 10).ToList();
        rows[3] += ",extra";
        data.Write(StreamCatalog.AggTrade, Recording.Day1, rows);

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "aggtrade", Recording.Day1);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(day.GetProperty("malformed_rows").GetInt64(), Is.EqualTo(1));
        Assert.That(day.GetProperty("problems")[0].GetProperty("message").GetString(), Does.StartWith("10 columns instead of 9"));
        Assert.That(day.GetProperty("problems")[0].GetProperty("at").GetProperty("line").GetInt64(), Is.EqualTo(5));
    }

    [Test]
    public async Task NonNumericTime_Fails()
    {
        using var data = new Recording();
        var rows = Recording.AggTrades(Recording.Day1, 1, 10).ToList();
        var fields = rows[6].Split(',');
        fields[5] = "12:00:00";
        rows[6] = string.Join(',', fields);
        data.Write(StreamCatalog.AggTrade, Recording.Day1, rows);

        var run = await VerifyRun.StartAsync(data.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("transact_time is not an integer: \"12:00:00\""));
    }

    [Test]
    public async Task RowOfAnotherDay_IsAWarning()
    {
        using var data = new Recording();
        data.Write(StreamCatalog.AggTrade, Recording.Day1, [.. Recording.AggTrades(Recording.Day1, 1, 5), Recording.AggTrade(6, Recording.Ms(Recording.Day2, 1))]);

        var (code, report) = await VerifyRun.JsonAsync(data.Path);

        var day = VerifyRun.Day(report, "aggtrade", Recording.Day1);
        Assert.That(code, Is.Zero);
        Assert.That(day.GetProperty("status").GetString(), Is.EqualTo("warning"));
        Assert.That(day.GetProperty("rows_outside_day").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public async Task EmptyFinishedFile_Fails()
    {
        using var data = new Recording();
        var path = data.Write(StreamCatalog.BookTicker, Recording.Day1, []);
        await File.WriteAllBytesAsync(path, []);

        var run = await VerifyRun.StartAsync(data.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("the file is empty"));
    }

    [Test]
    public async Task CorruptGzip_IsReportedNotThrown()
    {
        using var data = new Recording();
        var path = data.Write(StreamCatalog.AggTrade, Recording.Day1, Recording.AggTrades(Recording.Day1, 1, 1000), gzip: true);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)].Concat(new byte[64]).ToArray());

        var run = await VerifyRun.StartAsync(data.Path);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Output, Does.Contain("FAIL"));
    }
}

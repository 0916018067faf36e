using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Streamer.Simulator.Dumps;
using Streamer.Simulator.Tests.Support;

namespace Streamer.Simulator.Tests;

/// <summary>The historical dumps tree the simulator serves: checksummed archives of its own past days, and faults.</summary>
public class DumpsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 0, 0, 30, TimeSpan.Zero);

    [Test]
    public async Task PastDays_AreChecksummedArchives_WhoseIdsJoinTheLiveMarket()
    {
        await using var exchange = await Sim.StartAsync(Sim.Options(rate: 200, clockSpeed: 1) with { StartTime = Start, DumpTradesPerDay = 300 });
        using var http = RestApi.Client(exchange);

        var day8 = await ArchiveAsync(http, "data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2026-01-08.zip");
        var day9 = await ArchiveAsync(http, "data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2026-01-09.zip");
        var klines = await ArchiveAsync(http, "data/futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2026-01-09.zip");

        Assert.That(day9[0], Is.EqualTo("agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker"));
        Assert.That(day9, Has.Length.EqualTo(301));
        var ids = day8.Skip(1).Concat(day9.Skip(1)).Select(l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToList();
        Assert.That(ids.Zip(ids.Skip(1)).All(p => p.Second == p.First + 1), Is.True, "ids run on across days");
        var times = day9.Skip(1).Select(l => long.Parse(l.Split(',')[5], CultureInfo.InvariantCulture)).ToList();
        Assert.That(times.All(t => DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime.Date == new DateTime(2026, 1, 9)), Is.True);
        Assert.That(klines, Has.Length.EqualTo(1441), "a header and every minute of the day");
        await Eventually.WaitAsync(() => exchange.GetStats().Symbols["BTCUSDT"].LastAggTradeId > 0, "a live trade");
        Assert.That(exchange.GetStats().Symbols["BTCUSDT"].OldestAggTradeId, Is.EqualTo(ids[^1] + 1), "the live market starts where the dumps end");

        using var monthly = await http.GetAsync(new Uri("data/futures/um/monthly/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2025-12.zip.CHECKSUM", UriKind.Relative));
        Assert.That(monthly.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a whole past month");
        using var today = await http.GetAsync(new Uri("data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2026-01-10.zip", UriKind.Relative));
        Assert.That(today.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the start day is not published");
    }

    [Test]
    public async Task InjectedFaults_Missing_BadChecksum_Truncated_AndRangeRequests()
    {
        await using var exchange = await Sim.StartAsync(Sim.Options(rate: 50, clockSpeed: 1) with { StartTime = Start, DumpTradesPerDay = 300 });
        using var http = RestApi.Client(exchange);
        const string Path = "data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2026-01-09.zip";
        var whole = await http.GetByteArrayAsync(new Uri(Path, UriKind.Relative));

        using var range = new HttpRequestMessage(HttpMethod.Get, new Uri(Path, UriKind.Relative)) { Headers = { Range = new RangeHeaderValue(100, null) } };
        using var partial = await http.SendAsync(range);
        Assert.That(partial.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(await partial.Content.ReadAsByteArrayAsync(), Is.EqualTo(whole[100..]));

        exchange.InjectDumpFault("BTCUSDT-aggTrades-2026-01-09.zip", DumpFault.BadChecksum);
        Assert.That(await ChecksumAsync(http, Path), Is.Not.EqualTo(Convert.ToHexStringLower(SHA256.HashData(whole))));

        using var truncate = await http.PostAsync(new Uri("/admin/dump-fault?file=BTCUSDT-aggTrades-2026-01-09.zip&fault=truncated", UriKind.Relative), null);
        Assert.That(truncate.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await http.GetByteArrayAsync(new Uri(Path, UriKind.Relative)), Has.Length.EqualTo(whole.Length / 2));
        Assert.That(await ChecksumAsync(http, Path), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(whole))), "the CHECKSUM is the whole file's");

        exchange.InjectDumpFault("BTCUSDT-aggTrades-2026-01-09.zip", DumpFault.Missing);
        using var missing = await http.GetAsync(new Uri(Path + ".CHECKSUM", UriKind.Relative));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    /// <summary>The CSV lines of an archive, after checking it against its CHECKSUM.</summary>
    private static async Task<string[]> ArchiveAsync(HttpClient http, string path)
    {
        var zip = await http.GetByteArrayAsync(new Uri(path, UriKind.Relative));
        Assert.That(await ChecksumAsync(http, path), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(zip))), path);
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var reader = new StreamReader(archive.Entries.Single().Open());
        return (await reader.ReadToEndAsync()).TrimEnd('\n').Split('\n');
    }

    private static async Task<string> ChecksumAsync(HttpClient http, string path)
    {
        var text = await http.GetStringAsync(new Uri(path + ".CHECKSUM", UriKind.Relative));
        Assert.That(text, Does.EndWith("  " + System.IO.Path.GetFileName(path) + "\n"));
        return text.Split(' ')[0];
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Streamer.Simulator.Market;

namespace Streamer.Simulator.Dumps;

/// <summary>
/// Serves Binance's historical dumps tree (data.binance.vision, USD-M futures: daily and monthly
/// <c>aggTrades</c> and <c>klines/1m</c> zips, each with a <c>.CHECKSUM</c>) for the days before the
/// simulator's start day, generated from its own market (<see cref="DumpDay"/>). The start day and later
/// are 404, like a day Binance has not published yet. Archives honour <c>Range: bytes=N-</c>, and faults
/// can be injected per file name (<see cref="DumpFault"/>).
/// </summary>
internal sealed class DumpsTree(IReadOnlyDictionary<string, MarketEngine> engines, DateOnly startDay, int tradesPerDay, long seed)
{
    private const int CacheLimit = 64;

    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _zips = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DumpFault> _faults = new(StringComparer.Ordinal);

    public void Inject(string fileName, DumpFault fault)
    {
        if (fault == DumpFault.None)
        {
            _faults.TryRemove(fileName, out _);
        }
        else
        {
            _faults[fileName] = fault;
        }
    }

    public async Task HandleAsync(HttpContext context, string path)
    {
        var response = context.Response;
        var request = DumpPath.TryParse(path);
        if (request is null || !engines.TryGetValue(request.Symbol, out var engine) || request.Last >= startDay
            || _faults.GetValueOrDefault(request.FileName) == DumpFault.Missing)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var zip = Zip(request, engine);
        var fault = _faults.GetValueOrDefault(request.FileName);
        if (request.Checksum)
        {
            var digest = fault == DumpFault.BadChecksum ? new byte[32] : SHA256.HashData(zip);
            response.ContentType = "text/plain";
            await response.WriteAsync($"{Convert.ToHexStringLower(digest)}  {request.FileName}\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var length = fault == DumpFault.Truncated ? zip.Length / 2 : zip.Length;
        var from = RangeStart(context.Request.Headers.Range.ToString());
        if (from >= length && from > 0)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{length}";
            return;
        }

        response.ContentType = "application/zip";
        if (from > 0)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {from}-{length - 1}/{length}");
        }

        response.ContentLength = length - from;
        await response.Body.WriteAsync(zip.AsMemory(from, length - from), context.RequestAborted).ConfigureAwait(false);
    }

    private byte[] Zip(DumpPath request, MarketEngine engine)
    {
        if (_zips.Count > CacheLimit)
        {
            _zips.Clear();
        }

        // Lazy: concurrent requests for one archive (its CHECKSUM and the zip) generate it once.
        return _zips.GetOrAdd(request.FileName, _ => new Lazy<byte[]>(() => Build(request, engine))).Value;
    }

    private byte[] Build(DumpPath request, MarketEngine engine)
    {
        var csv = new StringBuilder();
        // Binance's own dump headers (the exchange's format, like the JSON payloads in Wire/).
        csv.Append(request.Klines
            ? "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n"
            : "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n");
        for (var day = request.First; day <= request.Last; day = day.AddDays(1))
        {
            var generated = new DumpDay(engine, day, startDay, tradesPerDay, seed);
            if (request.Klines)
            {
                generated.AppendKlines(csv);
            }
            else
            {
                generated.AppendAggTrades(csv);
            }
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry(Path.ChangeExtension(request.FileName, ".csv"), CompressionLevel.Fastest);
            using var stream = entry.Open();
            stream.Write(Encoding.ASCII.GetBytes(csv.ToString()));
        }

        return buffer.ToArray();
    }

    private static int RangeStart(string range) =>
        range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
        && int.TryParse(range.AsSpan(6, range.Length - 7), NumberStyles.None, CultureInfo.InvariantCulture, out var from) ? from : 0;
}

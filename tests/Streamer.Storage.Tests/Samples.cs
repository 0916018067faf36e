using Streamer.Core.Streams;

namespace Streamer.Storage.Tests;

/// <summary>CSV files of every stream as the writer produces them, with the awkward cases: empty fields, quoted text, wide decimals.</summary>
internal static class Samples
{
    public static IEnumerable<TestCaseData> EveryStream()
    {
        yield return Case(StreamCatalog.AggTrade.Header,
            "5000000001,93000.10,0.002,7000000001,7000000003,1767225600000,true,1767225600001,1767225600001234",
            "5000000002,93000.20,12.500,7000000004,7000000004,1767225600100,false,,",
            "5000000003,92999.90,0.000,7000000005,7000000005,1767225600200,false,1767225600201,1767225600209999");
        yield return Case(StreamCatalog.Kline1m.Header,
            "1767225600000,93000.10,93010.00,92990.50,93005.30,123.456,1767225659999,11481234567.12345678,5123,60.001,5580617283.98765432,true,1767225660001,1767225660002345");
        yield return Case(StreamCatalog.Depth.Header,
            "1767225600000,1767225599998,900,905,899,bid,93000.10,1.500,1767225600001234",
            "1767225600000,1767225599998,900,905,899,ask,93000.20,0.000,1767225600001234",
            "1767225600100,1767225600098,906,906,905,,,,1767225600101234");
        yield return Case(StreamCatalog.DepthSnapshot.Header,
            "899,1767225600000,1767225599998,bid,93000.10,1.500,1767225600001234");
        yield return Case(StreamCatalog.BookTicker.Header,
            "400900217,93000.10,3.100,93000.20,0.012,1767225600000,1767225600001,1767225600001234");
        yield return Case(StreamCatalog.MarkPrice.Header,
            "1767225600000,93000.12345678,92999.87654321,93001.00000000,0.00010000,1767254400000,1767225600001234",
            "1767225601000,93000.22345678,92999.97654321,93001.00000000,-0.00002500,1767254400000,1767225601001234");
        yield return Case(StreamCatalog.ForceOrder.Header,
            "1767225600000,SELL,LIMIT,IOC,0.014,92800.00,92810.55,FILLED,0.014,0.014,1767225599999,1767225600001234");
        yield return Case(StreamCatalog.OrderBookHeader(2),
            "1767225600001234,905,1767225600000,93000.10,1.500,93000.20,0.300,93000.00,2.000,93000.30,0.010");
        yield return Case(StreamCatalog.Events.Header,
            "1767225600001234,aggtrade,backfill,5000000001,5000000009,\"fetched 9 trades, \"\"ok\"\"\"",
            "1767225600002234,all,disconnect,,,connection closed by the server");
    }

    private static TestCaseData Case(string header, params string[] rows) =>
        new TestCaseData(header.Split(',')[0] + "|" + header.Length, header + "\n" + string.Join("", rows.Select(r => r + "\n"))).SetArgDisplayNames(header[..Math.Min(24, header.Length)]);
}

using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Streamer.Writer.Tests.Support;

/// <summary>
/// Where allocations come from, by type: samples the runtime's GCAllocationTick event (one per ~100 KB
/// allocated). Sampled and itself allocating per event, so only for finding culprits, never for asserting.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    public ConcurrentDictionary<string, long> Bytes { get; } = new();
    public volatile bool On;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!On || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            return;
        }

        var name = e.Payload![e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        Bytes.AddOrUpdate(name, amount, (_, v) => v + amount);
    }

    public string Top() => string.Join("\n", Bytes.OrderByDescending(kv => kv.Value).Take(25).Select(kv => $"{kv.Value,12} {kv.Key}"));
}

using System.Text;
using Microsoft.Extensions.Logging;
using Streamer.Binance.Parsing;

namespace Streamer.Worker;

/// <summary>
/// Logs bad exchange messages with a sample, without flooding the log: the first few, then at most one
/// per interval with the number skipped in between.
/// </summary>
internal sealed class MalformedSampler(ILogger log, TimeProvider time)
{
    private const int FreeSamples = 5;
    private const int SampleChars = 300;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private long _seen;
    private long _suppressed;
    private DateTimeOffset _nextLog;

    public void Report(ParsedMessage result, ReadOnlySpan<byte> message)
    {
        long suppressed;
        lock (_lock)
        {
            _seen++;
            var now = time.GetUtcNow();
            if (_seen > FreeSamples && now < _nextLog)
            {
                _suppressed++;
                return;
            }

            _nextLog = now + Interval;
            suppressed = _suppressed;
            _suppressed = 0;
        }

        var sample = Encoding.UTF8.GetString(message[..Math.Min(message.Length, SampleChars)]);
        WorkerLog.Malformed(log, result.Error.ToString(), result.Reason ?? "", sample, suppressed);
    }
}

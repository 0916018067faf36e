using Streamer.Binance.Exchanges;

namespace Streamer.Worker.Startup;

/// <summary>
/// The exchange's symbol list, fetched once for every symbol of a worker process: a group of symbols starting
/// together asks <c>exchangeInfo</c> (a large answer that costs REST weight) once instead of once per symbol.
/// A failed fetch is not kept, so the next caller retries; a good answer is reused for <see cref="FreshFor"/>.
/// </summary>
internal sealed class SharedExchangeInfo(IExchangeRest rest, TimeProvider time, CancellationToken processStopping)
{
    /// <summary>How long an answer is reused (a symbol listed a minute ago is still listed).</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private Task<IReadOnlyDictionary<string, string>>? _fetch;
    private long _fetchedAt;

    /// <summary>Symbol → status (TRADING, ...).</summary>
    public Task<IReadOnlyDictionary<string, string>> GetAsync(CancellationToken ct)
    {
        Task<IReadOnlyDictionary<string, string>> fetch;
        lock (_gate)
        {
            var stale = _fetch is null || _fetch.IsFaulted || _fetch.IsCanceled
                || (_fetch.IsCompletedSuccessfully && time.GetElapsedTime(_fetchedAt) > FreshFor);
            if (stale)
            {
                _fetchedAt = time.GetTimestamp();
                // Tied to the process, not to one caller: one symbol stopping must not fail the fetch for the others.
                _fetch = rest.GetExchangeInfoAsync(processStopping);
            }

            fetch = _fetch!;
        }

        return fetch.WaitAsync(ct);
    }
}

namespace Streamer.Supervisor.Processes;

/// <summary>Runtime settings every child gets (PERF-NOTES: several times less CPU with many processes).</summary>
public static class ChildEnvironment
{
    /// <summary>The variables and their values.</summary>
    public static IReadOnlyDictionary<string, string> Variables { get; } = new Dictionary<string, string>
    {
        // Socket completions run inline instead of hopping to the thread pool.
        ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1",
        // Idle pool threads sleep instead of spinning for work.
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
        // Workstation GC: a small heap per process; server GC would reserve per core.
        ["DOTNET_gcServer"] = "0",
        // JIT'd code is otherwise mapped twice (write-xor-execute hardening): ~4 MB of PSS per process
        // and slower start-up, paid by every worker (bench/RESULTS.md, memory: 31.8 -> 27.5 MB per worker
        // together with the next line). The recorder runs only its own code.
        ["DOTNET_EnableWriteXorExecute"] = "0",
        // Dynamic PGO instruments hot methods and keeps extra code versions: memory, not speed, matters
        // for hundreds of small, mostly idle workers.
        ["DOTNET_TieredPGO"] = "0",
    };
}

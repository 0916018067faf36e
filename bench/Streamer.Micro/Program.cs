using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Streamer.Micro -- --filter '*' [--job short]   (bench/run.sh micro does this)
// dotnet run -c Release --project bench/Streamer.Micro -- --quick                      (seconds: stopwatch + allocated bytes)
if (args is ["--quick"])
{
    Streamer.Micro.QuickCheck.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Streamer.Micro.ParserBenchmarks).Assembly).Run(args);

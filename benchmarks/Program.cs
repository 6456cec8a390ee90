using BenchmarkDotNet.Running;

// Full run:  dotnet run -c Release --project benchmarks -- --filter '*'
// Short run: dotnet run -c Release --project benchmarks -- --filter '*' --job short   (about 3 minutes on 2 cores)
// Smoke run: dotnet run -c Release --project benchmarks -- --filter '*' --job dry     (CI: fails only if a benchmark throws)
var summaries = BenchmarkSwitcher.FromAssembly(typeof(SessionDsl.Benchmarks.TransitionBenchmarks).Assembly).Run(args);
bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;

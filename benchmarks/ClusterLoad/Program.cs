// dotnet run -c Release --project benchmarks/ClusterLoad -- [--seconds 15] [--workers 32] [--partitions 2000] [--pause]
// dotnet run -c Release --project benchmarks/ClusterLoad -- --deadlines [--partitions 300]
int i = Array.IndexOf(args, "--partitions");
return args.Contains("--deadlines")
    ? await SessionDsl.ClusterLoad.DeadlineLateness.RunAsync(i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : 300)
    : await SessionDsl.ClusterLoad.ClusterLoad.RunAsync(args);

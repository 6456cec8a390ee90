// dotnet run -c Release --project benchmarks/ClusterLoad -- [--seconds 15] [--workers 32] [--partitions 2000] [--pause]
return await SessionDsl.ClusterLoad.ClusterLoad.RunAsync(args);

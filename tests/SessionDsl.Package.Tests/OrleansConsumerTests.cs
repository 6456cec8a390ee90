using SessionDsl.Tooling;
using Xunit;
using SessionDsl.Tests.Shared;

namespace SessionDsl.Package.Tests;

/// <summary>
/// SessionDsl.Orleans as a user gets it: packed with SessionDsl into a folder feed, referenced by a fresh console
/// project (Orleans and Redis packages from the registry), which runs a one-silo cluster on a real redis-server and
/// sends a lifecycle's events through <c>SessionClusterClient</c>.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class OrleansConsumerTests(PackedPackage package)
{
    private const string Program = """
        using Helpdesk;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        using Orleans;
        using Orleans.Hosting;
        using SessionDsl.Orleans;

        string redis = args[0];
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(int.Parse(args[1]), int.Parse(args[2]));
            silo.AddSessionDslRedis(redis);
            silo.AddSessionDsl<TicketStatus, TicketEvent>(lifecycles => lifecycles.Register<Ticket, Ticket.Options>(), o => o.FeedKeyPrefix = "consumer");
        });
        using IHost host = builder.Build();
        await host.StartAsync();
        var sessions = new SessionClusterClient<TicketStatus, TicketEvent>(host.Services.GetRequiredService<IGrainFactory>());

        ClusterResult high = await sessions.StartAsync<Ticket, Ticket.Options>("desk-1", "t-1", new Ticket.Options { Priority = Priority.High });
        ClusterResult assigned = await sessions.ApplyAsync("desk-1", "t-1", TicketEvent.Assign, requestId: "assign-t-1");
        ClusterResult again = await sessions.ApplyAsync("desk-1", "t-1", TicketEvent.Assign, requestId: "assign-t-1");
        await sessions.StartAsync<Ticket, Ticket.Options>("desk-1", "t-2", new Ticket.Options { Priority = Priority.Low });
        ClusterResult low = await sessions.ApplyAsync("desk-1", "t-2", TicketEvent.Assign);
        Console.WriteLine($"> start: {high.Outcome} at {high.Position}");
        Console.WriteLine($"> assign: {assigned.Outcome} {assigned.From} -> {assigned.To} at {assigned.Position}");
        Console.WriteLine($"> retry: replayed {again.Replayed} at {again.Position}");
        Console.WriteLine($"> low priority: {low.Outcome}");
        Console.WriteLine($"> status: {await sessions.GetStatusAsync("desk-1", "t-1")}");
        using ClusterFeed feed = await ClusterFeed.ConnectAsync(redis, "consumer");
        Console.WriteLine($"> feed: {string.Join(", ", (await feed.ReadAsync(null)).Select(e => $"{e.Change.Key}#{e.Change.Position}"))}");
        await host.StopAsync();
        """;

    [Fact]
    public void A_fresh_project_runs_a_lifecycle_on_a_one_silo_cluster_from_the_packed_packages()
    {
        string orleans = Path.Combine(RepoRoot.Path, "runtime", "SessionDsl.Orleans", "SessionDsl.Orleans.csproj");
        (int pack, string packOutput) = DotNet.Run(package.Root, "pack", orleans, "-c", "Release", "-o", package.Feed, "-p:Version=" + package.Version);
        Assert.True(pack == 0, packOutput);

        string project = Directory.CreateDirectory(Path.Combine(package.Root, "cluster-consumer")).FullName;
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{package.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "ClusterConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SessionDsl" Version="{package.Version}" />
                <PackageReference Include="SessionDsl.Orleans" Version="{package.Version}" />
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.15" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "ticket.lifecycle.yaml"), ConsumerTests.Definition.Replace("\r\n", "\n"));
        File.WriteAllText(Path.Combine(project, "Program.cs"), Program);
        File.WriteAllText(Path.Combine(package.Root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(package.Root, "Directory.Packages.props"), "<Project />");

        (int build, string buildOutput) = DotNet.Run(project, "build", "-c", "Release");
        Assert.True(build == 0, buildOutput);

        using LocalRedis redis = LocalRedis.Start();
        (int run, string output) = DotNet.Run(project, "run", "-c", "Release", "--no-build", "--",
            redis.Configuration, LocalRedis.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), LocalRedis.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(run == 0, output);
        Assert.Equal(
            new[]
            {
                "start: Started at 1",
                "assign: Applied Open -> Active at 2",
                "retry: replayed True at 2",
                "low priority: EventRefused",
                "status: Active",
                "feed: t-1#1, t-1#2, t-2#3",
            },
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("> ", StringComparison.Ordinal)).Select(l => l[2..]).ToArray()); // not Orleans' own log lines
    }
}

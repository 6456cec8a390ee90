using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using SessionDsl.Orleans;
using SessionDsl.Orleans.Silo;
using SessionDsl.Orleans.Silo.Chats;
using StackExchange.Redis;

SiloSettings settings = SiloSettings.Parse(args);
HostApplicationBuilder builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleans(silo =>
{
    silo.Configure<ClusterOptions>(options =>
    {
        options.ClusterId = settings.ServiceId;
        options.ServiceId = settings.ServiceId;
    });
    silo.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(settings.Redis));
    silo.ConfigureEndpoints(IPAddress.Loopback, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);

    // Failure detection in about two seconds instead of the default's several (environment notes: a SIGKILLed silo
    // is declared dead in ~2 s with these).
    silo.Configure<ClusterMembershipOptions>(options =>
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.NumMissedProbesLimit = 2;
        options.NumVotesForDeathDeclaration = 1;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
    });
    silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(5));
    silo.Configure<ReminderOptions>(options =>
    {
        options.MinimumReminderPeriod = settings.ReminderPeriod;
        options.RefreshReminderListPeriod = TimeSpan.FromSeconds(2);
    });
    silo.AddSessionDslRedis(settings.Redis);
    silo.AddSessionDsl<ChatStatus, ChatEvent>(
        lifecycles => lifecycles.Register<Chat, Chat.Options>(),
        options =>
        {
            options.FeedKeyPrefix = settings.ServiceId;
            options.ReminderPeriod = settings.ReminderPeriod;
            options.FeedSweepPeriod = TimeSpan.FromSeconds(1);
            options.FeedSweepAge = TimeSpan.FromSeconds(1);
        });
});

using IHost host = builder.Build();
await host.StartAsync();
Console.WriteLine("ready");
await host.WaitForShutdownAsync();

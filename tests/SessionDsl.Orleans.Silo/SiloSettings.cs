using System.Globalization;

namespace SessionDsl.Orleans.Silo;

/// <summary>What a test silo is told on its command line: <c>redis serviceId siloPort gatewayPort reminderPeriodMs</c>.</summary>
public sealed record SiloSettings(string Redis, string ServiceId, int SiloPort, int GatewayPort, TimeSpan ReminderPeriod)
{
    public string[] ToArgs() =>
        [Redis, ServiceId, SiloPort.ToString(CultureInfo.InvariantCulture), GatewayPort.ToString(CultureInfo.InvariantCulture), ((long)ReminderPeriod.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)];

    public static SiloSettings Parse(string[] args) =>
        args.Length == 5
            ? new(args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), TimeSpan.FromMilliseconds(long.Parse(args[4], CultureInfo.InvariantCulture)))
            : throw new ArgumentException("usage: SessionDsl.Orleans.Silo <redis> <serviceId> <siloPort> <gatewayPort> <reminderPeriodMs>");
}

using ContactCenter;

// One simulated day with the default options; the command line and the full report come next.
SimulationReport report = new ContactCenterSimulation().Run(new SimulationOptions { Seed = 1 });
Console.WriteLine($"{report.Sessions} sessions: {report.TransitionsApplied} transitions applied, {report.EventsRejected} events rejected, {report.TimersFired} timers fired.");

using SessionDsl.Messaging;
using static SessionDsl.Messaging.MessagingSessionEvent;

namespace ContactCenter;

/// <summary>
/// Writes plausible conversations the way the people in them behave: customers write, wait, go quiet and come back;
/// reps and bots accept, reply, transfer, go offline, close tabs and end sessions; flows send notifications.
/// </summary>
/// <remarks>
/// The writer knows what people in the contact center know (their deployment's capacity model and inactivity timeout)
/// but never asks the lifecycles, so scripts contain what real traffic contains and the lifecycles refuse: a rep trying
/// to open a session in Enhanced Web Chat, a status-based rep choosing "No Customer Response", a customer answering a
/// notification whose session already ended, and slips (double clicks, late replies, a rep typing before accepting).
/// Together they make about 5 to 10 percent of the day's events.
/// </remarks>
internal sealed class TrafficWriter
{
    // Customers start most conversations, most of them in enhanced channels.
    private static readonly (LifecycleKind Value, double Weight)[] LifecycleMix =
    [
        (LifecycleKind.EnhancedCustomerInitiated, 45),
        (LifecycleKind.EnhancedBusinessInitiated, 22),
        (LifecycleKind.StandardCustomerInitiated, 23),
        (LifecycleKind.StandardBusinessInitiated, 10),
    ];

    // Relative traffic per hour, 00:00 to 23:00. Customers write around the clock, mostly in the daytime and evening...
    private static readonly double[] CustomerTrafficByHour =
        [1, 1, 1, 1, 1, 2, 4, 7, 10, 12, 12, 11, 11, 12, 12, 11, 10, 9, 8, 7, 6, 4, 3, 2];

    // ...while reps and flows reach out in business hours.
    private static readonly double[] OutreachTrafficByHour =
        [0, 0, 0, 0, 0, 0, 1, 4, 10, 12, 12, 10, 8, 10, 12, 12, 10, 6, 3, 1, 0, 0, 0, 0];

    private static readonly (MessagingChannel Value, double Weight)[] EnhancedCustomerChannels =
    [
        (MessagingChannel.WebChat, 25), (MessagingChannel.InAppChat, 15), (MessagingChannel.WhatsApp, 25),
        (MessagingChannel.Sms, 15), (MessagingChannel.FacebookMessenger, 8), (MessagingChannel.AppleMessagesForBusiness, 6),
        (MessagingChannel.Line, 3), (MessagingChannel.BringYourOwnChannel, 3),
    ];

    // Channels where the business can reach the customer first; Enhanced Web Chat is not one of them.
    private static readonly (MessagingChannel Value, double Weight)[] OutreachChannels =
    [
        (MessagingChannel.WhatsApp, 30), (MessagingChannel.Sms, 30), (MessagingChannel.InAppChat, 15),
        (MessagingChannel.FacebookMessenger, 10), (MessagingChannel.AppleMessagesForBusiness, 8),
        (MessagingChannel.Line, 4), (MessagingChannel.BringYourOwnChannel, 3),
    ];

    private static readonly (MessagingChannel Value, double Weight)[] StandardChannels =
        [(MessagingChannel.Sms, 60), (MessagingChannel.FacebookMessenger, 40)];

    // Reps who try Send a Message in an Enhanced Web Chat session anyway; the lifecycle's guard refuses them.
    private const double WebChatOutreachRate = 0.06;

    // Business-initiated sessions that a flow opens with an automated notification rather than a rep's opening message.
    private const double NotificationShare = 0.35;

    // Chance of a slip of real traffic (see AddSlip), and of each further one, up to three per session: about 0.9 slips
    // per session, which with the refusals the conversations themselves run into makes 5 to 10 percent of all events.
    private const double SlipRate = 0.5;
    private const int MaxSlips = 3;

    // Enhanced customer-initiated sessions that a bot takes first.
    private const double BotShare = 0.2;

    // Enhanced sessions where Salesforce fails to write the session or messaging user record.
    private const double RecordFailureRate = 0.004;

    private readonly Random _random;
    private readonly long _dayStartTicks;

    // The session being written, and the time of its latest event so far.
    private readonly List<ScriptedEvent> _script = [];
    private long _now;

    public TrafficWriter(Random random, DateTimeOffset dayStart)
    {
        _random = random;
        _dayStartTicks = dayStart.UtcTicks;
    }

    /// <summary>Writes one session, appends its events to <paramref name="events"/>, and returns its plan.</summary>
    public SessionPlan WriteSession(List<ScriptedEvent> events)
    {
        LifecycleKind lifecycle = Pick(LifecycleMix);
        bool enhanced = lifecycle is LifecycleKind.EnhancedCustomerInitiated or LifecycleKind.EnhancedBusinessInitiated;
        bool customerInitiated = lifecycle is LifecycleKind.EnhancedCustomerInitiated or LifecycleKind.StandardCustomerInitiated;
        bool notification = !customerInitiated && Chance(NotificationShare);

        var settings = new SessionSettings(
            CapacityModel: Chance(0.55) ? CapacityModel.TabBased : CapacityModel.StatusBased,
            // Some enhanced deployments mark silent customers inactive after 5 to 30 minutes; the others never do.
            InactivityTimeout: enhanced && Chance(0.6) ? TimeSpan.FromMinutes(_random.Next(5, 31)) : null,
            KeepOpen: enhanced && notification && Chance(0.4),
            Channel: ChooseChannel(enhanced, customerInitiated, notification));

        long start = StartTime(customerInitiated ? CustomerTrafficByHour : OutreachTrafficByHour);
        _script.Clear();
        _now = start;

        MessagingSessionStatus startStatus;
        if (customerInitiated)
        {
            startStatus = WriteCustomerInitiated(settings, enhanced);
        }
        else
        {
            startStatus = MessagingSessionStatus.New;
            if (notification)
            {
                WriteNotification(settings, enhanced);
            }
            else
            {
                WriteOutreach(settings, enhanced);
            }
        }

        if (enhanced && Chance(RecordFailureRate))
        {
            BreakOffWithRecordFailure(start);
        }

        for (int slips = 0; slips < MaxSlips && Chance(SlipRate); slips++)
        {
            AddSlip(start);
        }

        // Sessions start during the day, but a conversation runs as long as it runs, past midnight if need be: cutting
        // it off would leave sessions stuck mid-conversation for the report to explain. OrderBy is stable, so a slip
        // written for the same moment as a scripted event stays after it.
        int first = events.Count;
        events.AddRange(_script.OrderBy(e => e.AtTicks));
        return new SessionPlan(lifecycle, settings, startStatus, start, first, events.Count - first);
    }

    /// <summary>A customer writes first; returns the status their first message creates the session in.</summary>
    private MessagingSessionStatus WriteCustomerInitiated(in SessionSettings settings, bool enhanced)
    {
        // Enhanced channels only: some customers answer an opt-in prompt with a keyword ("START", "HELP") and nothing else.
        if (enhanced && Chance(0.08))
        {
            for (int more = _random.Next(0, 3); more > 0; more--)
            {
                Then(Delay(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10)), ConsentKeywordsOnly);
            }

            double next = _random.NextDouble();
            if (next < 0.45)
            {
                Then(Delay(TimeSpan.FromMinutes(1), TimeSpan.FromHours(2)), CustomerMessage);
                WriteRouting(settings, enhanced);
            }
            else if (next < 0.55)
            {
                Then(Delay(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)), OptOut);
            }

            else if (next < 0.8)
            {
                // No timer ends a Consent session; a rep ends it from the Messaging Sessions list view.
                Then(Delay(TimeSpan.FromHours(1), TimeSpan.FromHours(20)), EndSession);
            }

            // Otherwise they never ask anything, and the session stays open, as it would in the org.
            return MessagingSessionStatus.Consent;
        }

        WriteRouting(settings, enhanced);
        return MessagingSessionStatus.Waiting;
    }

    /// <summary>A session in the queue (Waiting) until a rep or a bot accepts it.</summary>
    private void WriteRouting(in SessionSettings settings, bool enhanced)
    {
        // Impatient customers add to their question while they wait.
        if (Chance(0.3))
        {
            Then(Delay(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)), CustomerMessage);
        }

        // A few give up in the queue, some of them opting out on the way.
        if (Chance(0.03))
        {
            if (Chance(0.5))
            {
                Then(Delay(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(20)), OptOut);
            }

            return;
        }

        // In enhanced channels a bot takes some sessions first.
        if (enhanced && Chance(BotShare))
        {
            Then(Delay(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), Accept);
            if (!WriteBot())
            {
                return;
            }

            // The bot hands the customer over to a rep: back to the queue, then a rep accepts.
            Then(Delay(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)), Transfer);
        }

        Then(Delay(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(15)), Accept);
        WriteConversation(settings, enhanced, customerMayComeBack: true);
    }

    /// <summary>
    /// A bot's part of an accepted session: it and the customer take turns. Returns false when the session ends there:
    /// the bot ends it, or the customer goes quiet and the bot's timeout (2 hours by default) ends it.
    /// </summary>
    private bool WriteBot()
    {
        for (int turns = _random.Next(1, 5); turns > 0; turns--)
        {
            Then(Delay(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)), BotMessage);
            double customer = _random.NextDouble();
            if (customer < 0.12)
            {
                return false; // silent: BotTimeout ends the session
            }

            Then(Delay(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)), CustomerMessage);
        }

        Then(Delay(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)), BotMessage);
        if (Chance(0.5))
        {
            // The bot answered the question and closes the session.
            Then(Delay(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)), BotEndSession);
            return false;
        }

        return true;
    }

    /// <summary>An accepted session (Active): rep and customer take turns until the rep ends the chat or the customer goes quiet.</summary>
    private void WriteConversation(in SessionSettings settings, bool enhanced, bool customerMayComeBack)
    {
        for (int exchanges = _random.Next(1, 11); exchanges > 0; exchanges--)
        {
            Then(Delay(TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(3)), RepMessage);

            double reply = _random.NextDouble();
            if (reply < 0.07)
            {
                WriteQuietCustomer(settings, enhanced, customerMayComeBack);
                return;
            }

            if (reply < 0.14)
            {
                // A slow answer. Where the deployment marks silent customers inactive, that happened meanwhile, and with
                // tab-based capacity the answer sends the session back to the queue for the next available rep.
                TimeSpan wait = Delay(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
                Then(wait, CustomerMessage);
                if (enhanced && MarkedInactiveWithin(settings, wait))
                {
                    Then(Delay(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10)), Accept);
                }
            }
            else
            {
                Then(Delay(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)), CustomerMessage);
            }

            double handover = _random.NextDouble();
            if (handover < 0.03)
            {
                Then(Delay(TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(2)), Transfer);
                Then(Delay(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10)), Accept);
            }
            else if (handover < 0.045)
            {
                // The rep goes offline. With tab-based capacity the session is rerouted and accepted again; with
                // status-based capacity it stays with the rep, and stays Active.
                Then(Delay(TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(5)), RepOffline);
                if (settings.CapacityModel == CapacityModel.TabBased)
                {
                    Then(Delay(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10)), Accept);
                }
            }
        }

        double close = _random.NextDouble();
        if (close < 0.94)
        {
            // In Enhanced Chat and Bring Your Own Channel the customer may end the conversation first.
            bool customerEnds = enhanced && CustomerCanEnd(settings) && Chance(0.3);
            Then(Delay(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(3)), customerEnds ? CustomerEndSession : EndChat);
        }
        else if (close < 0.98)
        {
            Then(Delay(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)), OptOut);
        }
        else if (Chance(0.5))
        {
            // The rep leaves the tab open; a supervisor ends the session from the Messaging Sessions list view later.
            Then(Delay(TimeSpan.FromHours(1), TimeSpan.FromHours(8)), EndSession);
        }

        // Otherwise the rep leaves the tab open, and the session with it.
    }

    /// <summary>The customer stops answering the rep's last message.</summary>
    private void WriteQuietCustomer(in SessionSettings settings, bool enhanced, bool customerMayComeBack)
    {
        TimeSpan repWait = Delay(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(45));
        bool ended = false;
        bool onHold = false;
        if (!enhanced)
        {
            // Standard channels have no Inactive status: the rep ends the chat, or forgets the tab.
            if (Chance(0.95))
            {
                Then(repWait, EndChat);
                ended = true;
            }
        }
        else if (MarkedInactiveWithin(settings, repWait))
        {
            // Omni-Channel marked the session inactive before the rep got to it; it left the rep's workspace.
            onHold = true;
        }
        else
        {
            double action = _random.NextDouble();
            if (action < 0.45)
            {
                Then(repWait, MarkInactive);
                onHold = true;
            }
            else if (action < 0.75)
            {
                // Closing the tab with "No Customer Response" is a tab-based capacity feature; a status-based rep's
                // attempt is refused by the lifecycle's guard, and the rep ends the chat instead.
                Then(repWait, CloseNoCustomerResponse);
                if (settings.CapacityModel == CapacityModel.TabBased)
                {
                    onHold = true;
                }
                else
                {
                    Then(Delay(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)), EndChat);
                    ended = true;
                }
            }
            else if (action < 0.95)
            {
                Then(repWait, EndChat);
                ended = true;
            }
            else
            {
                // The rep leaves the tab open; a deployment with a timeout still marks the session inactive later.
                onHold = settings.InactivityTimeout is not null && settings.CapacityModel == CapacityModel.TabBased && InactivityCounts(settings);
            }
        }

        if (!customerMayComeBack || !Chance(0.35))
        {
            return;
        }

        // The customer comes back hours later (within the 30 hours an Inactive session lasts).
        Then(Delay(TimeSpan.FromMinutes(10), TimeSpan.FromHours(20)), CustomerMessage);
        if (ended)
        {
            // They wrote into an ended session: in the org that opens a new one; here the lifecycle refuses it.
            return;
        }

        if (onHold && settings.CapacityModel == CapacityModel.TabBased)
        {
            // Tab-based capacity reroutes the resumed session to the next available rep; status-based keeps the same rep.
            Then(Delay(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10)), Accept);
        }

        WriteConversation(settings, enhanced, customerMayComeBack: false);
    }

    /// <summary>A rep sends an opening message (Send a Message).</summary>
    private void WriteOutreach(in SessionSettings settings, bool enhanced)
    {
        Then(TimeSpan.Zero, OpeningMessage);
        if (settings.Channel == MessagingChannel.WebChat)
        {
            // Reps can't initiate sessions in Enhanced Web Chat: nothing is sent, and some reps try once more.
            if (Chance(0.3))
            {
                Then(Delay(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)), OpeningMessage);
            }

            return;
        }

        WriteAnswerToBusiness(settings, enhanced);
    }

    /// <summary>A flow (or process) sends an automated notification, such as a delivery notice.</summary>
    private void WriteNotification(in SessionSettings settings, bool enhanced)
    {
        Then(TimeSpan.Zero, AutomatedNotification);
        if (settings.KeepOpen)
        {
            WriteAnswerToBusiness(settings, enhanced);
        }
        else if (Chance(0.08))
        {
            // Some customers answer a notification whose session ended at once; the lifecycle refuses it.
            Then(Delay(TimeSpan.FromMinutes(1), TimeSpan.FromHours(4)), CustomerMessage);
        }
    }

    /// <summary>The customer's answer, if any, to a business-initiated session that waits for it.</summary>
    private void WriteAnswerToBusiness(in SessionSettings settings, bool enhanced)
    {
        // Many never answer; the 48 h (enhanced) or 24 h (standard) countdown ends their sessions.
        double answer = _random.NextDouble();
        if (answer < 0.50)
        {
            Then(Delay(TimeSpan.FromMinutes(1), TimeSpan.FromHours(12)), CustomerMessage);
            WriteConversationAfterAnswer(settings, enhanced);
        }
        else if (enhanced && answer < 0.58)
        {
            Then(Delay(TimeSpan.FromMinutes(1), TimeSpan.FromHours(6)), ConsentKeywordsOnly);
            if (Chance(0.5))
            {
                Then(Delay(TimeSpan.FromMinutes(1), TimeSpan.FromHours(3)), CustomerMessage);
                WriteConversationAfterAnswer(settings, enhanced);
            }
        }
        else if (answer < 0.63)
        {
            Then(Delay(TimeSpan.FromMinutes(1), TimeSpan.FromHours(6)), OptOut);
        }
    }

    /// <summary>
    /// The conversation after the customer answered a business-initiated session. In an enhanced channel with tab-based
    /// capacity the answer "is routed as a new messaging session" and this session ends (the new one is a
    /// customer-initiated session, which this writer leaves out); otherwise the same session goes on.
    /// </summary>
    private void WriteConversationAfterAnswer(in SessionSettings settings, bool enhanced)
    {
        if (enhanced && settings.CapacityModel == CapacityModel.TabBased)
        {
            return;
        }

        WriteConversation(settings, enhanced, customerMayComeBack: true);
    }

    /// <summary>Salesforce fails to write the session's records at some point; the conversation breaks off there.</summary>
    private void BreakOffWithRecordFailure(long startTicks)
    {
        int at = _random.Next(_script.Count + 1);
        long when = at < _script.Count
            ? _script[at].AtTicks
            : (_script.Count > 0 ? _script[^1].AtTicks : startTicks) + Delay(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30)).Ticks;
        _script.RemoveRange(at, _script.Count - at);
        _script.Add(new ScriptedEvent(when, RecordFailure));
    }

    /// <summary>
    /// Adds one slip of real traffic: an event the people send although the session's status does not allow it. Each
    /// kind is written only where it is a slip, so that it never strands a session that would otherwise end (a late
    /// customer message into a session still open would be a real message that nobody answers).
    /// </summary>
    private void AddSlip(long startTicks)
    {
        if (_script.Count == 0)
        {
            return;
        }

        double kind = _random.NextDouble();
        ScriptedEvent last = _script[^1];
        int accept = _script.FindIndex(e => e.Event == Accept);
        if (kind < 0.3 && last.Event is EndChat or OptOut or AutomatedNotification or EndSession or CustomerEndSession or BotEndSession)
        {
            // The customer writes again after the session was closed (or after a notification that ended it at once).
            _script.Add(new ScriptedEvent(last.AtTicks + Delay(TimeSpan.FromMinutes(1), TimeSpan.FromHours(6)).Ticks, CustomerMessage));
        }
        else if (kind < 0.6 && accept >= 0)
        {
            // The rep starts typing before accepting the routed session.
            long typing = Math.Max(startTicks, _script[accept].AtTicks - Delay(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20)).Ticks);
            _script.Add(new ScriptedEvent(typing, RepMessage));
        }
        else if (kind < 0.6 && _script[0].Event is OpeningMessage or AutomatedNotification)
        {
            // While the business-initiated session still waits for the customer's answer, a rep tries to transfer it.
            int answer = _script.FindIndex(e => e.Event is CustomerMessage or ConsentKeywordsOnly or OptOut or RecordFailure);
            long latest = answer >= 0 ? _script[answer].AtTicks - TimeSpan.TicksPerSecond : long.MaxValue;
            long transfer = _script[0].AtTicks + Delay(TimeSpan.FromSeconds(30), TimeSpan.FromHours(2)).Ticks;
            if (transfer < latest)
            {
                _script.Add(new ScriptedEvent(transfer, Transfer));
            }
        }
        else
        {
            // A double click or a resent message: the same event again a moment later.
            ScriptedEvent again = _script[_random.Next(_script.Count)];
            _script.Add(again with { AtTicks = again.AtTicks + Delay(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)).Ticks });
        }
    }

    /// <summary>True when the deployment marks a silent customer inactive before <paramref name="silence"/> has passed.</summary>
    private static bool MarkedInactiveWithin(in SessionSettings settings, TimeSpan silence) =>
        settings.CapacityModel == CapacityModel.TabBased && InactivityCounts(settings) && settings.InactivityTimeout is { } limit && silence >= limit;

    /// <summary>Customer inactivity exists "in Enhanced Chat and Bring Your Own Channel" only (service.messaging_auto_end.htm).</summary>
    private static bool InactivityCounts(in SessionSettings settings) => CustomerCanEnd(settings);

    /// <summary>Enhanced In-App Chat, Enhanced Web Chat and Bring Your Own Channel: where the customer can end a session, and inactivity counts.</summary>
    private static bool CustomerCanEnd(in SessionSettings settings) =>
        settings.Channel is MessagingChannel.InAppChat or MessagingChannel.WebChat or MessagingChannel.BringYourOwnChannel;

    private MessagingChannel ChooseChannel(bool enhanced, bool customerInitiated, bool notification)
    {
        if (!enhanced)
        {
            return Pick(StandardChannels);
        }

        if (customerInitiated)
        {
            return Pick(EnhancedCustomerChannels);
        }

        return !notification && Chance(WebChatOutreachRate) ? MessagingChannel.WebChat : Pick(OutreachChannels);
    }

    /// <summary>Writes <paramref name="event"/> <paramref name="after"/> the session's latest event.</summary>
    private void Then(TimeSpan after, MessagingSessionEvent @event)
    {
        _now += after.Ticks;
        _script.Add(new ScriptedEvent(_now, @event));
    }

    /// <summary>A time of day drawn from an hourly traffic profile, uniform within the hour.</summary>
    private long StartTime(double[] trafficByHour)
    {
        double x = _random.NextDouble() * trafficByHour.Sum();
        int hour = 0;
        while (hour < trafficByHour.Length - 1 && x >= trafficByHour[hour])
        {
            x -= trafficByHour[hour];
            hour++;
        }

        return _dayStartTicks + (hour * TimeSpan.TicksPerHour) + _random.NextInt64(TimeSpan.TicksPerHour);
    }

    /// <summary>
    /// A delay between <paramref name="shortest"/> and <paramref name="longest"/>, uniform on a log scale: people answer
    /// within seconds more often than within hours, and the long tail matters for the timers.
    /// </summary>
    private TimeSpan Delay(TimeSpan shortest, TimeSpan longest)
    {
        double low = Math.Log(shortest.Ticks);
        double high = Math.Log(longest.Ticks);
        return TimeSpan.FromTicks((long)Math.Exp(low + (_random.NextDouble() * (high - low))));
    }

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private T Pick<T>((T Value, double Weight)[] choices)
    {
        double x = _random.NextDouble() * choices.Sum(c => c.Weight);
        foreach ((T value, double weight) in choices)
        {
            if (x < weight)
            {
                return value;
            }

            x -= weight;
        }

        return choices[^1].Value;
    }
}

using Microsoft.Playwright;
using SessionDsl.Cli;
using SessionDsl.Language;
using SessionDsl.Language.Model;
using Xunit;
using SessionDsl.Tests.Shared;

namespace SessionDsl.Page.Tests;

/// <summary>
/// <c>sessiondsl page</c>'s output in Debian's Chromium, headless, driven by Playwright: the diagram renders with no
/// network, the buttons follow the lifecycle, the clock fires timers, the current status is highlighted; and a random
/// walk through the page's buttons ends where the tool's own <see cref="Simulator"/> ends on the same steps.
/// </summary>
public sealed class LifecyclePageTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly string _folder = Directory.CreateTempSubdirectory("sessiondsl-page-").FullName;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (apt-get install -y chromium); .ci/run does this on a bare machine");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, // never Playwright's own download, which cannot exist here
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Clicking_through_customer_inactivity_moves_the_highlight_and_the_clock_fires_the_timers()
    {
        IPage page = await OpenAsync("enhanced-customer-initiated.lifecycle.yaml", "EnhancedCustomerInitiated");

        // Options: tab-based capacity, a 10-minute inactivity timeout (absent by default).
        await page.SelectOptionAsync("[data-option=capacityModel]", "TabBased");
        await page.UncheckAsync("[data-absent=inactivityTimeout]");
        await page.FillAsync("[data-option=inactivityTimeout]", "10m");
        await page.ClickAsync("#start");
        Assert.Equal("Waiting", await page.TextContentAsync("#status"));
        Assert.Equal("Waiting", await HighlightedAsync(page));

        await page.ClickAsync("button[data-event=Accept]");
        Assert.Equal("Active", await page.TextContentAsync("#status"));
        Assert.Equal("Active", await HighlightedAsync(page));
        Assert.True(await page.IsDisabledAsync("button[data-event=Accept]"), "Accept is not permitted in Active, so its button is disabled");

        await page.ClickAsync("button[data-event=RepMessage]"); // starts the customer's inactivity countdown
        Assert.Contains("CustomerInactivityCountdown -> Inactive: due +10m (in 10m)", await page.TextContentAsync("#timers"));
        Assert.StartsWith("+10m (CustomerInactivityCountdown)", await page.TextContentAsync("#next-deadline"));

        await page.FillAsync("#advance-by", "9m");
        await page.ClickAsync("#advance");
        Assert.Equal("Active", await page.TextContentAsync("#status"));
        Assert.Equal("+9m", await page.TextContentAsync("#clock"));
        await page.ClickAsync("button[data-event=RepMessage]"); // restart: false: the deadline stays 10m after the first reply
        Assert.StartsWith("+10m (CustomerInactivityCountdown)", await page.TextContentAsync("#next-deadline"));
        await page.FillAsync("#advance-by", "1m");
        await page.ClickAsync("#advance");
        Assert.Equal("Inactive", await page.TextContentAsync("#status"));
        Assert.Equal("Inactive", await HighlightedAsync(page));
        Assert.Contains("+10m timer CustomerInactivityCountdown fired: Active -> Inactive", await LogAsync(page));
        Assert.StartsWith("+1d6h10m (InactiveSessionExpiry)", await page.TextContentAsync("#next-deadline"));

        // The screenshot is a test artifact (artifacts/ at the repository's root, kept by CI) and the README's picture.
        string artifacts = Directory.CreateDirectory(Path.Combine(RepoRoot.Path, "artifacts", "page")).FullName;
        await page.SetViewportSizeAsync(1600, 1000);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "EnhancedCustomerInitiated-inactive.png"), FullPage = true });

        await page.ClickAsync("#next");
        Assert.Equal("Ended", await page.TextContentAsync("#status"));
        Assert.Equal("Ended", await HighlightedAsync(page));
        Assert.Equal("none", await page.TextContentAsync("#next-deadline"));
        Assert.True(await page.IsDisabledAsync("#next"));
    }

    [Theory]
    [InlineData("enhanced-customer-initiated.lifecycle.yaml", 1, "inactivityTimeout=10m")]
    [InlineData("enhanced-customer-initiated.lifecycle.yaml", 4, "inactivityTimeout=5m capacityModel=StatusBased channel=WhatsApp")]
    [InlineData("enhanced-business-initiated.lifecycle.yaml", 2, "keepOpen=true capacityModel=StatusBased")]
    [InlineData("standard-business-initiated.lifecycle.yaml", 3, "")]
    public async Task A_random_walk_through_the_buttons_ends_where_the_tools_simulator_ends(string file, int seed, string options)
    {
        LifecycleModel lifecycle = Model(file);
        IPage page = await OpenAsync(file, lifecycle.Name);
        var given = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (string[] pair in options.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(o => o.Split('=')))
        {
            OptionModel option = lifecycle.Options.First(o => o.Name == pair[0]);
            switch (option.Kind)
            {
                case OptionKindModel.Duration:
                    await page.UncheckAsync($"[data-absent={option.Name}]");
                    await page.FillAsync($"[data-option={option.Name}]", pair[1]);
                    given[option.Name] = Language.Parsing.DurationParser.TryParse(pair[1], out _);
                    break;
                case OptionKindModel.Boolean:
                    await page.SetCheckedAsync($"[data-option={option.Name}]", pair[1] == "true");
                    given[option.Name] = pair[1];
                    break;
                default:
                    await page.SelectOptionAsync($"[data-option={option.Name}]", pair[1]);
                    given[option.Name] = pair[1];
                    break;
            }
        }

        var random = new Random(seed);
        int sessions = 0;
        for (int step = 0; step < 150; step++)
        {
            // A session in a final state has nothing left to do: check it, then start another with the same options.
            await page.ClickAsync("#start");
            sessions++;
            var simulator = new Simulator(lifecycle, new SimulationOptions(lifecycle, given), lifecycle.States.First(s => s.IsInitial).Name, now: 0);
            long now = 0;
            var fired = new List<FiredTimer>();
            for (; step < 150 && !lifecycle.States.First(s => s.Name == simulator.Status).IsFinal; step++)
            {
                if (random.Next(3) == 0)
                {
                    // Mostly minutes, so that countdowns restart and run out between events; now and then a day.
                    int minutes = random.Next(8) == 0 ? random.Next(60, 60 * 50) : random.Next(1, 12);
                    await page.FillAsync("#advance-by", $"{minutes}m");
                    await page.ClickAsync("#advance");
                    now += minutes * TimeSpan.TicksPerMinute;
                    simulator.Advance(now, fired);
                }
                else
                {
                    // The page offers the events permitted now; pick one of those, as a user can only click those.
                    // Events that end the session are picked less often, so that sessions live long enough for
                    // countdowns to start, restart and run out.
                    var enabled = new List<string>();
                    foreach (IElementHandle button in await page.QuerySelectorAllAsync("button[data-event]:not([disabled])"))
                    {
                        enabled.Add((await button.GetAttributeAsync("data-event"))!);
                    }

                    string status = simulator.Status;
                    bool Ends(string e) => lifecycle.Transitions.Where(t => t.Event.Name == e && t.From.Any(f => f.Name == status)).All(t => lifecycle.States.First(x => x.Name == t.To.Name).IsFinal);
                    List<string> staying = enabled.Where(e => !Ends(e)).ToList();
                    List<string> pool = staying.Count > 0 && random.Next(10) != 0 ? staying : enabled;
                    string @event = pool[random.Next(pool.Count)];
                    await page.ClickAsync($"button[data-event={@event}]");
                    EventResult result = simulator.Apply(@event, now, fired);
                    Assert.Equal("Applied", result.Outcome);
                }

                Assert.Equal(simulator.Status, await page.TextContentAsync("#status"));
                string expectedNext = simulator.NextDue is { } due ? "+" + Language.Parsing.DurationParser.Format(due) + " (" : "none";
                Assert.StartsWith(expectedNext, await page.TextContentAsync("#next-deadline"));
            }

            string log = await LogAsync(page);
            foreach (FiredTimer timer in fired)
            {
                Assert.Contains($"+{Language.Parsing.DurationParser.Format(timer.Due)} timer {timer.Timer} fired: {timer.From} -> {timer.To}", log);
            }

            Assert.Equal(fired.Count, System.Text.RegularExpressions.Regex.Matches(log, " timer ").Count);
        }

        Assert.True(sessions > 3, $"only {sessions} sessions in the walk");
    }

    [Fact]
    public async Task The_page_draws_its_diagram_with_every_request_off_the_page_refused()
    {
        // OpenAsync refuses every request that is not the page file itself, and waits for the diagram.
        IPage page = await OpenAsync("standard-customer-initiated.lifecycle.yaml", "StandardCustomerInitiated");
        int states = await page.Locator("#diagram g.node[data-state]").CountAsync();
        Assert.Equal(3, states); // Waiting, Active, Ended
        Assert.Equal(string.Empty, await page.TextContentAsync("#error"));
    }

    private async Task<IPage> OpenAsync(string file, string lifecycle)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = CommandLine.Run(["page", Path.Combine("definitions", file), "--output", _folder], new CliContext(output, error, RepoRoot.Path, null));
        Assert.True(exit == 0, error.ToString());
        string html = Path.Combine(_folder, lifecycle + ".html");

        IPage page = await _browser!.NewPageAsync();
        var refused = new List<string>();
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url == new Uri(html).AbsoluteUri)
            {
                await route.ContinueAsync();
            }
            else
            {
                refused.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        var errors = new List<string>();
        page.PageError += (_, message) => errors.Add(message);
        await page.GotoAsync(new Uri(html).AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-diagram]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal("ready", await page.GetAttributeAsync("body", "data-diagram"));
        Assert.Empty(errors);
        Assert.Empty(refused);
        return page;
    }

    private static async Task<string?> HighlightedAsync(IPage page) =>
        await page.GetAttributeAsync("#diagram g.node.current", "data-state");

    private static async Task<string> LogAsync(IPage page) =>
        string.Join("\n", await page.Locator("#log li").AllTextContentsAsync());

    private static LifecycleModel Model(string file)
    {
        string path = Path.Combine(RepoRoot.Path, "definitions", file);
        return LifecycleDefinition.Read(path, File.ReadAllText(path)).Valid ?? throw new InvalidOperationException(file + " has errors");
    }
}

// The interactive lifecycle page written by `sessiondsl page` (docs/cli.md). The lifecycle comes as JSON from the
// tool, with every guard already decided for every combination of option values (by the language's GuardLogic), so
// this script only runs the run-time semantics of docs/dsl.md, as the tool's Simulator does: due timers fire before an
// event, in deadline order with ties in declaration order, each entering its target at its deadline; a transition to
// the current state keeps the entry time; countdowns start, restart and stop after an applied event.
(function () {
  "use strict";
  const model = JSON.parse(document.getElementById("lifecycle").textContent);
  const $ = (id) => document.getElementById(id);
  let session = null;

  // Durations as the DSL writes them: 1d6h, 30m, 90s, 250ms.
  function parseDuration(text) {
    const match = /^\s*((\d+d)?(\d+h)?(\d+m(?!s))?(\d+s)?(\d+ms)?)\s*$/.exec(text);
    if (!match || match[1] === "") return null;
    const units = { d: 86400000, h: 3600000, m: 60000, s: 1000, ms: 1 };
    let total = 0;
    for (const part of match[1].match(/\d+(ms|d|h|m|s)/g)) {
      const unit = part.endsWith("ms") ? "ms" : part.slice(-1);
      total += parseInt(part, 10) * units[unit];
    }
    return total;
  }

  function formatDuration(ms) {
    if (ms === 0) return "0s";
    const parts = [];
    for (const [unit, size] of [["d", 86400000], ["h", 3600000], ["m", 60000], ["s", 1000], ["ms", 1]]) {
      const n = Math.floor(ms / size);
      if (n > 0) { parts.push(n + unit); ms -= n * size; }
    }
    return parts.join("");
  }

  const at = (ms) => "+" + formatDuration(ms);

  function readOptions() {
    const values = {}, durations = {};
    for (const option of model.options) {
      const input = document.querySelector(`[data-option="${option.name}"]`);
      if (option.kind === "enum") values[option.name] = input.value;
      else if (option.kind === "bool") values[option.name] = input.checked ? "true" : "false";
      else {
        const absent = document.querySelector(`[data-absent="${option.name}"]`);
        if (absent && absent.checked) { durations[option.name] = null; values[option.name] = "absent"; continue; }
        const ms = parseDuration(input.value);
        if (ms === null) throw new Error(`${option.name}: '${input.value}' is not a duration (like 10m, 1h30m)`);
        if (ms < option.minMs || ms > option.maxMs) throw new Error(`${option.name} must lie between ${formatDuration(option.minMs)} and ${formatDuration(option.maxMs)}`);
        durations[option.name] = ms;
        values[option.name] = "set";
      }
    }
    return { values, durations, key: model.mentioned.map((name) => values[name]).join("|") };
  }

  const holds = (item) => item.holds === null || item.holds.indexOf(session.options.key) >= 0;
  const inStates = (timer) => timer.states.indexOf(session.status) >= 0;

  function due(timer) {
    if (!inStates(timer) || !holds(timer)) return null;
    const after = timer.afterMs !== null ? timer.afterMs : session.options.durations[timer.afterOption];
    if (after === null || after === undefined) return null;
    const start = timer.kind === "Countdown" ? session.countdowns[timer.slot] : session.entered;
    if (start === null) return null;
    return Math.max(start + after, session.entered);
  }

  function next() {
    let best = null;
    for (const timer of model.timers) {
      const d = due(timer);
      if (d !== null && (best === null || d < best.due)) best = { due: d, timer };
    }
    return best;
  }

  function advanceTo(now) {
    now = Math.max(now, session.entered);
    let count = 0, found;
    while ((found = next()) !== null && found.due <= now) {
      if (++count > 10000) throw new Error("more than 10,000 timers fired at one moment: the timers cycle");
      const timer = found.timer, from = session.status;
      if (timer.kind === "Countdown") session.countdowns[timer.slot] = null;
      if (timer.to !== session.status) { session.status = timer.to; session.entered = found.due; }
      for (const countdown of model.timers) {
        if (countdown.kind === "Countdown" && !inStates(countdown)) session.countdowns[countdown.slot] = null;
      }
      log(`${at(found.due)} timer ${timer.name} fired: ${from} -> ${timer.to}`, "timer");
    }
    session.now = Math.max(session.now, now);
  }

  function candidates(status, event) {
    return model.transitions.filter((t) => t.event === event && t.from.indexOf(status) >= 0);
  }

  function apply(event) {
    advanceTo(session.now);
    const from = session.status;
    const matching = candidates(from, event);
    const chosen = matching.find(holds);
    const outcome = matching.length === 0 ? "NotPermitted" : chosen ? "Applied" : "GuardRejected";
    if (chosen) {
      if (chosen.to !== session.status) { session.status = chosen.to; session.entered = session.now; }
      for (const countdown of model.timers.filter((t) => t.kind === "Countdown")) {
        if (!inStates(countdown)) session.countdowns[countdown.slot] = null;
        else if (countdown.startOn.indexOf(event) >= 0) {
          if (countdown.restart || session.countdowns[countdown.slot] === null) session.countdowns[countdown.slot] = session.now;
        } else if (countdown.cancelOn.indexOf(event) >= 0) session.countdowns[countdown.slot] = null;
      }
    }
    log(`${at(session.now)} ${event}: ${from} -> ${session.status} (${outcome})`, outcome === "Applied" ? "event" : "refused");
  }

  function log(text, kind) {
    const item = document.createElement("li");
    item.textContent = text;
    item.className = kind;
    $("log").appendChild(item);
  }

  function start() {
    let options;
    try { options = readOptions(); } catch (e) { $("error").textContent = e.message; return; }
    $("error").textContent = "";
    const initial = $("initial").value;
    session = { options, status: initial, entered: 0, now: 0, countdowns: model.timers.filter((t) => t.kind === "Countdown").map(() => null) };
    $("log").textContent = "";
    log(`+0s start: ${initial} (${model.options.map((o) => `${o.name}=${describeOption(o, options)}`).join(", ") || "no options"})`, "start");
    render();
  }

  function describeOption(option, options) {
    if (option.kind !== "duration") return options.values[option.name];
    const ms = options.durations[option.name];
    return ms === null ? "absent" : formatDuration(ms);
  }

  function render() {
    $("status").textContent = session.status;
    $("clock").textContent = at(session.now);
    for (const button of document.querySelectorAll("button[data-event]")) {
      const event = button.dataset.event;
      button.disabled = !candidates(session.status, event).some(holds);
    }
    const timers = $("timers");
    timers.textContent = "";
    for (const timer of model.timers) {
      const d = due(timer);
      if (d === null) continue;
      const item = document.createElement("li");
      item.dataset.timer = timer.name;
      item.textContent = `${timer.name} -> ${timer.to}: due ${at(d)} (in ${formatDuration(Math.max(0, d - session.now))})`;
      timers.appendChild(item);
    }
    const upcoming = next();
    $("next-deadline").textContent = upcoming === null ? "none" : `${at(upcoming.due)} (${upcoming.timer.name})`;
    $("next").disabled = upcoming === null;
    highlight();
  }

  function highlight() {
    for (const node of document.querySelectorAll("#diagram g.node")) {
      const name = node.dataset.state;
      node.classList.toggle("current", name === session.status);
    }
  }

  async function draw() {
    globalThis.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
    const { svg } = await globalThis.mermaid.render("lifecycle-diagram", model.diagram);
    $("diagram").innerHTML = svg;
    // Mermaid names a state's node "<svg id>-state-<Name>-<n>"; keep the state's name on the node.
    const names = model.states.map((s) => s.name).sort((a, b) => b.length - a.length);
    for (const node of document.querySelectorAll("#diagram g.node")) {
      const match = names.find((name) => node.id.indexOf(`-state-${name}-`) >= 0);
      if (match) node.dataset.state = match;
    }
    document.body.dataset.diagram = "ready";
    if (session) highlight();
  }

  function move(by) {
    try {
      advanceTo(session.now + by);
      log(`${at(session.now)} clock moved by ${formatDuration(by)}`, "clock");
    } catch (e) { $("error").textContent = e.message; }
    render();
  }

  $("start").addEventListener("click", start);
  for (const button of document.querySelectorAll("button[data-event]")) {
    button.addEventListener("click", () => { apply(button.dataset.event); render(); });
  }
  $("advance").addEventListener("click", () => {
    const ms = parseDuration($("advance-by").value);
    if (ms === null) { $("error").textContent = `'${$("advance-by").value}' is not a duration (like 10m, 1h30m)`; return; }
    $("error").textContent = "";
    move(ms);
  });
  $("next").addEventListener("click", () => {
    const upcoming = next();
    if (upcoming !== null) move(upcoming.due - session.now);
  });
  for (const absent of document.querySelectorAll("[data-absent]")) {
    absent.addEventListener("change", () => {
      document.querySelector(`[data-option="${absent.dataset.absent}"]`).disabled = absent.checked;
    });
  }

  start();
  draw().catch((e) => { $("error").textContent = "The diagram could not be drawn: " + e.message; document.body.dataset.diagram = "failed"; });
})();

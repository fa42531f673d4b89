/**
 * The popup: who this page is about, and what to remember about them.
 *
 * States, each one function below: not paired, unsupported page, daemon not running, an error
 * from the daemon (its own message), nobody on the page (save it by hand), a preview of a new
 * person (Save), and the card of a known person with quick actions.
 */
import { ApiError, Daemon, NOT_PAIRED, UNREACHABLE } from "../lib/api.js";
import { ext } from "../lib/browser.js";
import {
  contactFacts,
  personHeader,
  profileLinks,
  promiseLists,
  reminderList,
  tagList,
} from "../lib/card-view.js";
import { endOfDay, formatTime, localInstant } from "../lib/dates.js";
import { h, icon, show } from "../lib/dom.js";
import { readTab, targetTab, UnreadablePage } from "../lib/page.js";
import { readSettings } from "../lib/settings.js";
import { quickActions } from "./actions.js";

const DEFAULT_PORT = "27277";
const view = document.getElementById("view");
const loading = view.firstElementChild;
const nextMeeting = document.getElementById("next-meeting");

document.getElementById("open-options").addEventListener("click", openOptions);
start();

async function start() {
  render("loading", loading);
  const daemon = new Daemon(await readSettings());
  if (!daemon.paired) return showNotPaired();
  showNextMeeting(daemon);
  let page;
  try {
    page = await readTab(await targetTab());
  } catch (error) {
    if (error instanceof UnreadablePage) return showUnsupported(error.message);
    return showFailure(error);
  }
  return lookUp(daemon, page);
}

/** Preview first; a known person is then saved, which only fills what their record lacks. */
async function lookUp(daemon, page) {
  try {
    let answer = await daemon.capture(page, { save: false });
    if (answer.known) answer = await daemon.capture(page, { save: true });
    if (answer.known) showCard(daemon, page, answer.card, answer.extracted);
    else showPreview(daemon, page, answer);
  } catch (error) {
    showFailure(error, daemon, page);
  }
}

function render(state, ...children) {
  view.dataset.state = state;
  show(view, ...children);
}

function showFailure(error, daemon = null, page = null) {
  if (!(error instanceof ApiError)) {
    return showError({ code: "extension_error", message: String(error?.message ?? error) });
  }
  if (error.code === UNREACHABLE) return showDaemonDown(daemon);
  if (error.code === NOT_PAIRED) return showNotPaired(error.message);
  if (error.code === "no_person_found" && page) return showManual(daemon, page, error.message);
  return showError(error);
}

function stateView({ name, iconName, title, text, problem = false, body = [], actions = [] }) {
  render(
    name,
    h(
      "section",
      { class: problem ? "state problem" : "state" },
      h("div", { class: "state-icon" }, icon(iconName, 22)),
      h("h1", { class: "state-title" }, title),
      text && h("p", {}, text),
      body,
      actions.length > 0 && h("div", { class: "state-actions" }, actions),
    ),
  );
  view.querySelector(".state-actions .button")?.focus();
}

function button(label, onclick, kind = "") {
  return h("button", { type: "button", class: `button ${kind}`, onclick }, label);
}

function openOptions() {
  ext.runtime.openOptionsPage();
  window.close();
}

function showNotPaired(reason = "") {
  stateView({
    name: "not-paired",
    iconName: "link",
    title: "Connect Rapport to this browser",
    text: reason || "Pair once and the extension can save people to Rapport on this computer.",
    body: h(
      "p",
      { class: "state-hint" },
      "In Options, click Pair, then type the code that ",
      h("code", {}, "rapport pair"),
      " shows in your terminal.",
    ),
    actions: [button("Open options", openOptions, "primary")],
  });
}

function showUnsupported(reason) {
  stateView({
    name: "unsupported",
    iconName: "page",
    title: "Nothing to read here",
    text: reason,
    body: h(
      "p",
      { class: "state-hint" },
      "Open a profile or a post on LinkedIn, X, GitHub, Mastodon or a personal site, " +
        "then click Rapport.",
    ),
  });
}

function showDaemonDown(daemon) {
  const port = new URL(daemon.baseUrl).port;
  const command = port && port !== DEFAULT_PORT ? `rapport serve --port ${port}` : "rapport serve";
  stateView({
    name: "daemon-down",
    iconName: "plug",
    title: "Rapport isn't running",
    text: "Your notes live in the Rapport app on this computer. Start it in a terminal:",
    problem: true,
    body: [
      commandBox(command),
      h(
        "p",
        { class: "state-hint" },
        "From a Rapport checkout, ",
        h("code", {}, "scripts/serve"),
        ` does the same. Looked for it at ${daemon.baseUrl}.`,
      ),
    ],
    actions: [button("Try again", start, "primary"), button("Options", openOptions, "quiet")],
  });
}

function commandBox(command) {
  const copy = h(
    "button",
    { type: "button", class: "icon-button", title: "Copy", "aria-label": `Copy ${command}` },
    icon("copy", 16),
  );
  copy.addEventListener("click", async () => {
    await navigator.clipboard.writeText(command);
    copy.replaceChildren(icon("check", 16));
    copy.title = "Copied";
  });
  return h("div", { class: "command" }, h("code", {}, command), copy);
}

function showError(error) {
  stateView({
    name: "error",
    iconName: "alert",
    title: "Rapport could not read this page",
    problem: true,
    body: h(
      "p",
      { class: "message-box", role: "alert" },
      error.message,
      error.code &&
        h("span", { class: "code" }, error.status ? `${error.status} ${error.code}` : error.code),
    ),
    actions: [button("Try again", start, "primary")],
  });
}

/** The page names nobody the daemon can read: offer to save the page itself as a person. */
function showManual(daemon, page, reason) {
  const name = h("input", {
    type: "text",
    name: "name",
    required: true,
    value: nameFromTitle(page.title),
  });
  const headline = h("input", {
    type: "text",
    name: "headline",
    placeholder: "What they do (optional)",
  });
  const status = h("p", { class: "status-line", role: "status" });
  const save = h("button", { type: "submit", class: "button primary" }, "Save as a person");
  const form = h(
    "form",
    { class: "scroll" },
    h(
      "div",
      { class: "pane" },
      h(
        "section",
        { class: "state-intro" },
        h("h1", { class: "state-title" }, "Nobody to save on this page"),
        h("p", { class: "muted" }, reason),
      ),
      h("label", { class: "field" }, h("span", { class: "label" }, "Name"), name),
      h("label", { class: "field" }, h("span", { class: "label" }, "Headline"), headline),
      h(
        "div",
        { class: "field" },
        h("span", { class: "label" }, "Profile link"),
        h("p", { class: "note-box url-box", title: page.url }, shortUrl(page.url)),
      ),
      h("div", { class: "form-actions" }, save),
      status,
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save.disabled = true;
    status.className = "status-line";
    status.textContent = "Saving…";
    try {
      const person = await daemon.createPerson({
        name: name.value,
        ...(headline.value.trim() ? { headline: headline.value } : {}),
        profiles: [{ url: page.url }],
      });
      showCard(daemon, page, await daemon.card(person.id), null, `Saved ${person.name}.`);
    } catch (error) {
      status.className = "status-line error";
      status.textContent = error.message;
      save.disabled = false;
    }
  });
  render("manual", form);
  name.select(); // a guess from the title: typing replaces it
  name.focus();
}

function showPreview(daemon, page, answer) {
  const { person, extracted } = answer;
  const engagement = extracted.engagement;
  const kinds = engagement && engagementChoice();
  const status = h("p", { class: "status-line", role: "status" });
  const save = h("button", { type: "submit", class: "button primary" }, `Save ${person.name}`);
  const form = h("form", { class: "footer" }, save, status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save.disabled = true;
    status.className = "status-line";
    status.textContent = "Saving…";
    const kind = kinds?.querySelector("input:checked")?.value;
    try {
      const saved = await daemon.capture(page, {
        save: true,
        engagement: kind && kind !== "none" ? { kind } : null,
      });
      const logged = saved.interaction ? ` and logged a ${saved.interaction.kind}` : "";
      showCard(daemon, page, saved.card, saved.extracted, `Saved ${saved.person.name}${logged}.`);
    } catch (error) {
      status.className = "status-line error";
      status.textContent = error.message;
      save.disabled = false;
    }
  });
  render(
    "preview",
    h(
      "div",
      { class: "scroll" },
      h(
        "div",
        { class: "pane" },
        personHeader(person, { badge: { text: "New", tone: "new" } }),
        profileLinks(person),
        engagement &&
          h(
            "section",
            { class: "field" },
            h("h2", { class: "section-title" }, "From this post"),
            h("p", { class: "quote" }, page.selection.trim() || engagement.text),
            kinds,
          ),
        h(
          "p",
          { class: "note-box" },
          "Not in Rapport yet. Saving keeps what this page shows; " +
            "you can add notes, promises and tags next.",
        ),
      ),
    ),
    form,
  );
  save.focus();
}

function engagementChoice() {
  const choices = [
    ["comment", "Comment"],
    ["like", "Like"],
    ["share", "Share"],
    ["message", "Message"],
    ["none", "Don't log"],
  ];
  return h(
    "fieldset",
    { class: "segmented" },
    h("legend", { class: "label" }, "Log my engagement as"),
    choices.map(([value, label], index) =>
      h(
        "label",
        {},
        h("input", { type: "radio", name: "kind", value, checked: index === 0 }),
        h("span", {}, label),
      ),
    ),
  );
}

/** The worker opens a page in a tab; the popup closes once it has (closing first could lose it). */
async function openTab(message) {
  await ext.runtime.sendMessage(message);
  window.close();
}

/** The worker re-runs its jobs (the badge counts what is due) after anything was saved. */
function askForRefresh() {
  ext.runtime.sendMessage({ type: "refresh" }).catch(() => {});
}

/** A line under the bar: the next meeting today, which opens the meeting's card. */
async function showNextMeeting(daemon) {
  const now = new Date();
  let next;
  try {
    const { items } = await daemon.meetings(localInstant(now), localInstant(endOfDay(now)));
    next = items.find((meeting) => !meeting.all_day);
  } catch {
    return; // the main view says what went wrong
  }
  nextMeeting.hidden = !next;
  if (!next) return;
  const people = next.attendees.map((attendee) => attendee.name || attendee.email);
  show(
    nextMeeting,
    h(
      "button",
      {
        type: "button",
        class: "next-meeting-link",
        title: `Open the card for ${next.title}`,
        onclick: () => openTab({ type: "open-meeting", meetingId: next.id }),
      },
      icon("calendar", 14),
      h("span", { class: "when" }, `Next ${formatTime(next.starts_at)}`),
      h("span", { class: "what" }, [next.title, ...people.slice(0, 2)].join(" · ")),
    ),
  );
}

/** A card is shown after every save (a capture, a person saved by hand): the badge may change. */
function showCard(daemon, page, card, extracted, flash = "") {
  askForRefresh();
  const personId = card.person.id;
  const summary = h("div", { class: "summary" });
  const status = h("p", { class: "status-line", role: "status" });
  const say = (text, tone = "") => {
    status.className = tone ? `status-line ${tone}` : "status-line";
    status.textContent = text;
    status.title = text;
  };
  const fillSummary = (current) =>
    show(
      summary,
      personHeader(current.person),
      profileLinks(current.person),
      contactFacts(current),
      tagList(current.person.tags),
      promiseLists(current, { onDone: markKept, compact: true }),
      reminderList(current.reminders),
    );
  const refresh = async () => {
    askForRefresh();
    const current = await daemon.card(personId);
    fillSummary(current);
    actions.update(current);
  };
  const markKept = async (promise, tick) => {
    tick.disabled = true;
    try {
      await daemon.updatePromise(promise.id, { status: "done" });
      tick.classList.add("done");
      say(`Marked as kept: ${promise.text}`, "ok");
      await refresh();
    } catch (error) {
      tick.disabled = false;
      say(error.message, "error");
    }
  };
  const actions = quickActions({ daemon, card, page, extracted, refresh, say });
  fillSummary(card);
  const openCard = h(
    "button",
    {
      type: "button",
      class: "button quiet small",
      onclick: () => openTab({ type: "open-card", personId }),
    },
    "Full card",
    icon("external", 14),
  );
  render(
    "card",
    h("div", { class: "scroll" }, h("div", { class: "pane" }, summary, actions.element)),
    h("div", { class: "footer footer-row" }, status, openCard),
  );
  if (flash) say(flash, "ok");
  actions.focus();
}

/** "(3) Ada Lovelace | LinkedIn" -> "Ada Lovelace": the best guess at a name a title holds. */
function nameFromTitle(title) {
  const withoutCount = String(title ?? "").replace(/^\(\d+\)\s*/, "");
  return withoutCount
    .split(/\s+[|·–—-]\s+/)[0]
    .trim()
    .slice(0, 300);
}

function shortUrl(url) {
  return url.replace(/^https?:\/\/(www\.)?/, "").replace(/[?#].*$/, "");
}

/**
 * The weekly networking digest, `digest.html?week=2026-W10` (default: this week), built from
 * the daemon's JSON (`GET /digest`) element by element: nothing it sends becomes markup.
 * The sections and their wording follow the daemon's own Markdown and HTML digest.
 */
import { Daemon } from "../lib/api.js";
import { failurePanel, panel } from "../lib/card-view.js";
import { addDays, formatDay, formatTime, isoWeek, plural } from "../lib/dates.js";
import { h, show } from "../lib/dom.js";
import { pageUrl } from "../lib/pages.js";

const main = document.getElementById("digest");
const week = new URLSearchParams(location.search).get("week");
const daemon = await Daemon.fromSettings();

async function load() {
  try {
    render(await daemon.digest(week));
  } catch (error) {
    main.setAttribute("aria-busy", "false");
    show(main, failurePanel(error.message));
  }
}

function render(digest) {
  const [year, number] = digest.week.split("-W");
  document.title = `Digest, week ${Number(number)} · Rapport`;
  main.setAttribute("aria-busy", "false");
  show(
    main,
    h(
      "section",
      { class: "panel digest-head" },
      h("h1", { class: "page-title" }, `Networking digest, week ${Number(number)} of ${year}`),
      h(
        "p",
        { class: "meta" },
        `${formatDay(digest.starts_on)} to ${formatDay(digest.ends_on)} · as of `,
        `${formatDay(digest.as_of)} ${formatTime(digest.as_of)}`,
      ),
      weekLinks(digest.starts_on),
    ),
    section("Reach out this week", digest.reach_out, reachOutItem, {
      numbered: true,
      empty: "Nobody: every cadence is on track.",
    }),
    section("What you owe", digest.i_owe, promiseItem, {
      empty: "Nothing: every promise you made is kept.",
    }),
    section("What you are owed", digest.owed_to_me, promiseItem, {
      empty: "Nothing is owed to you.",
    }),
    section("This week's meetings", digest.meetings, meetingItem, {
      empty: "No meetings this week.",
    }),
    section("Met recently, no follow-up yet", digest.met_without_follow_up, metItem, {
      empty: "Everyone you met lately has a follow-up.",
    }),
    section("Added recently, never contacted", digest.never_contacted, addedItem, {
      empty: "Nobody: you have been in touch with everyone you added lately.",
    }),
    engagements(digest.engagements),
  );
}

/** Links to the weeks before and after this one. */
function weekLinks(startsOn) {
  const monday = new Date(`${startsOn}T12:00:00`);
  const link = (days, text) =>
    h("a", { href: pageUrl("digest", isoWeek(addDays(monday, days))) }, text);
  return h("nav", { class: "week-links" }, link(-7, "← Previous week"), link(7, "Next week →"));
}

function section(title, { items, total }, item, { numbered = false, empty }) {
  const hidden = total - items.length;
  return panel(
    items.length ? [title, h("span", { class: "count" }, total)] : title,
    items.length
      ? h(numbered ? "ol" : "ul", { class: "digest-list" }, items.map(item))
      : h("p", { class: "empty" }, empty),
    hidden > 0 && h("p", { class: "muted" }, `…and ${hidden} more.`),
  );
}

function personLink({ id, name }) {
  return h("a", { class: "who", href: pageUrl("person", id) }, name);
}

function reachOutItem(item) {
  const state = { overdue: "overdue", due: "due" }[item.level] ?? `due ${formatDay(item.due)}`;
  const contact =
    item.days_since_contact === null
      ? "never contacted"
      : `last contact ${plural(item.days_since_contact, "day")} ago`;
  const topic = item.last_topic;
  return h(
    "li",
    {},
    h(
      "p",
      {},
      personLink(item.person),
      item.influence.map((tag) => [" ", h("span", { class: "chip tag" }, tag)]),
      " · ",
      h("span", { class: item.level === "overdue" ? "late" : "" }, state),
      `: ${contact}, every ${plural(item.every_days, "day")}`,
    ),
    topic &&
      h(
        "p",
        { class: "detail" },
        `Last time (${topic.kind}, ${formatDay(topic.occurred_at)})`,
        topic.text ? `: ${topic.text}` : "",
      ),
  );
}

function promiseItem(promise) {
  return h(
    "li",
    {},
    h(
      "p",
      {},
      personLink(promise.person),
      `: ${promise.text} · `,
      promise.due ? `due ${formatDay(promise.due)}` : h("span", { class: "muted" }, "no date"),
      promise.late_days > 0 && [
        ", ",
        h("span", { class: "late" }, `${plural(promise.late_days, "day")} late`),
      ],
    ),
  );
}

function meetingItem(meeting) {
  return h(
    "li",
    {},
    h(
      "p",
      {},
      `${formatDay(meeting.starts_at)} ${formatTime(meeting.starts_at)} · `,
      h("a", { class: "who", href: pageUrl("meeting", meeting.id) }, meeting.title),
      meeting.people.length > 0 && ` · with ${meeting.people.join(", ")}`,
      meeting.location && h("span", { class: "muted" }, ` · ${meeting.location}`),
    ),
  );
}

function metItem(met) {
  const how = met.kind === "meeting" && met.title ? `“${met.title}”` : met.kind;
  return h("li", {}, h("p", {}, personLink(met.person), ` · ${how}, ${formatDay(met.met_at)}`));
}

function addedItem(item) {
  return h(
    "li",
    {},
    h(
      "p",
      {},
      personLink(item.person),
      item.role && ` (${item.role})`,
      h("span", { class: "muted" }, ` · added ${formatDay(item.added_on)}`),
    ),
  );
}

/** Interactions per week, this week and the four before, by kind and by niche tag. */
function engagements({ weeks, complete, total, by_kind: byKind, by_tag: byTag }) {
  const title = `Engagements: this week${complete ? "" : " so far"} and the four before`;
  if (!total.some(Boolean))
    return panel(title, h("p", { class: "empty" }, "No engagements logged in these five weeks."));
  const labels = weeks.map((label) => label.split("-")[1]);
  return panel(
    title,
    table(
      ["Kind", ...labels, "vs. average"],
      [["All", total], ...byKind.map((row) => [row.kind, row.counts])],
      { totalFirst: true },
    ),
    byTag.length > 0 &&
      table(
        ["Niche tag", ...labels, "vs. average"],
        byTag.map((row) => [row.tag, row.counts]),
      ),
  );
}

function table(columns, rows, { totalFirst = false } = {}) {
  return h(
    "table",
    { class: totalFirst ? "counts total-first" : "counts" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        columns.map((column) => h("th", { scope: "col" }, column)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map(([name, counts]) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, name),
          counts.map((count) => h("td", {}, String(count))),
          h("td", { class: "change" }, change(counts)),
        ),
      ),
    ),
  );
}

/** This week against the average of the weeks before: "+2", "-1.5", "0". */
function change(counts) {
  const before = counts.slice(0, -1);
  const delta = counts.at(-1) - before.reduce((sum, count) => sum + count, 0) / before.length;
  if (delta === 0) return "0";
  return `${delta > 0 ? "+" : ""}${Number(delta.toFixed(1))}`;
}

load();

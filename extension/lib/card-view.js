/** Pieces of a person card, shared by the popup and the card page so both read the same. */
import { formatDay, plural, sinceDays } from "./dates.js";
import { h, icon } from "./dom.js";

const SITE_NAMES = {
  linkedin: "LinkedIn",
  x: "X",
  github: "GitHub",
  mastodon: "Mastodon",
  web: "Website",
};

function initials(name) {
  const words = String(name).trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : words;
  return (
    letters
      .map((word) => Array.from(word)[0])
      .join("")
      .toUpperCase() || "?"
  );
}

/** A titled box of the pages that open in a tab (the card pages, the digest). */
export function panel(title, ...children) {
  return h("section", { class: "panel" }, h("h2", { class: "section-title" }, title), ...children);
}

/** The whole page says what went wrong, in the daemon's words. */
export function failurePanel(message) {
  return h("section", { class: "panel" }, h("p", { class: "message-box", role: "alert" }, message));
}

/**
 * Avatar, name, headline, role and place; `badge` = {text, tone} marks new or known, `href`
 * makes the name a link.
 */
export function personHeader(person, { badge = null, level = "h1", href = null } = {}) {
  const role = [person.title, person.company].filter(Boolean).join(" at ");
  const meta = [role, person.location].filter(Boolean).join(" · ");
  return h(
    "section",
    { class: "person" },
    h("div", { class: "avatar", "aria-hidden": "true" }, initials(person.name)),
    h(
      "div",
      { class: "who" },
      h(level, { class: "name" }, href ? h("a", { href }, person.name) : person.name),
      person.headline && h("p", { class: "headline", title: person.headline }, person.headline),
      meta && h("p", { class: "meta" }, meta),
    ),
    badge && h("span", { class: `badge ${badge.tone}` }, badge.text),
  );
}

export function profileLinks(person) {
  const profiles = person.profiles ?? [];
  if (!profiles.length) return null;
  return h(
    "ul",
    { class: "chips profiles", "aria-label": "Profiles" },
    profiles.map((profile) =>
      h(
        "li",
        {},
        h(
          "a",
          {
            class: "chip link",
            href: profile.url,
            target: "_blank",
            rel: "noopener noreferrer",
            title: profile.url,
          },
          SITE_NAMES[profile.site] ?? profile.site ?? "Link",
          profile.handle &&
            profile.site !== "web" &&
            h("span", { class: "handle" }, profile.handle),
        ),
      ),
    ),
  );
}

/** "12 days ago", and the keep-in-touch cadence with whether it lapsed. */
export function contactFacts(card) {
  const cadence = card.keep_in_touch;
  let cadenceText = "Not set";
  let tone = "";
  if (cadence) {
    const every = `Every ${plural(cadence.every_days, "day")}`;
    if (cadence.overdue_days > 0) {
      cadenceText = `${every} · ${plural(cadence.overdue_days, "day")} overdue`;
      tone = "late";
    } else {
      cadenceText = `${every} · due in ${plural(cadence.due_in_days, "day")}`;
      tone = "ok";
    }
  }
  return h(
    "dl",
    { class: "facts" },
    h("div", {}, h("dt", {}, "Last contact"), h("dd", {}, sinceDays(card.days_since_contact))),
    h("div", {}, h("dt", {}, "Keep in touch"), h("dd", { class: tone }, cadenceText)),
  );
}

export function tagList(tags) {
  if (!tags?.length) return null;
  return h(
    "ul",
    { class: "chips tags", "aria-label": "Tags" },
    tags.map((tag) => h("li", { class: "chip tag" }, `#${tag}`)),
  );
}

/**
 * Open promises both ways, overdue first (the daemon orders them). With `onDone`, each gets a
 * button that marks it kept; `compact` leaves out empty lists (one line says so when both are).
 */
export function promiseLists(card, { onDone = null, compact = false } = {}) {
  const { mine, theirs } = card.promises;
  if (compact && !mine.length && !theirs.length) {
    return h("p", { class: "empty" }, "No open promises either way.");
  }
  const group = (title, promises, empty) =>
    h(
      "section",
      { class: "promises" },
      h(
        "h2",
        { class: "section-title" },
        title,
        promises.length > 0 && h("span", { class: "count" }, promises.length),
      ),
      promises.length
        ? h(
            "ul",
            { class: "promise-list" },
            promises.map((promise) => promiseItem(promise, onDone)),
          )
        : h("p", { class: "empty" }, empty),
    );
  return [
    (!compact || mine.length > 0) && group("You owe", mine, "Nothing you promised is open."),
    (!compact || theirs.length > 0) &&
      group("They owe you", theirs, "Nothing they promised is open."),
  ];
}

function promiseItem(promise, onDone) {
  let due = null;
  if (promise.overdue) {
    due = h("span", { class: "due late" }, `${plural(promise.overdue_days, "day")} overdue`);
  } else if (promise.due) {
    due = h("span", { class: "due" }, formatDay(promise.due));
  }
  return h(
    "li",
    { class: promise.overdue ? "promise overdue" : "promise" },
    onDone &&
      h(
        "button",
        {
          type: "button",
          class: "tick",
          title: "Mark as kept",
          "aria-label": `Mark as kept: ${promise.text}`,
          onclick: (event) => onDone(promise, event.currentTarget),
        },
        icon("check", 14),
      ),
    h("span", { class: "promise-text" }, promise.text),
    due,
  );
}

export function reminderList(reminders) {
  if (!reminders?.length) return null;
  return h(
    "section",
    { class: "reminders" },
    h(
      "h2",
      { class: "section-title" },
      "Reminders",
      h("span", { class: "count" }, reminders.length),
    ),
    h(
      "ul",
      { class: "promise-list" },
      reminders.map((reminder) =>
        h(
          "li",
          { class: "promise" },
          h("span", { class: "promise-text" }, reminder.text),
          h("span", { class: "due" }, formatDay(reminder.due_at)),
        ),
      ),
    ),
  );
}

/** One interaction of a timeline: when and how, what was said, the post it was about. */
export function interactionItem(interaction) {
  const when = `${formatDay(interaction.occurred_at)} · ${interaction.kind}`;
  return h(
    "li",
    {},
    h("span", { class: "when" }, when),
    interaction.text && h("span", { class: "text" }, interaction.text),
    interaction.url &&
      h(
        "a",
        { href: interaction.url, target: "_blank", rel: "noopener noreferrer" },
        interaction.url.replace(/^https?:\/\//, ""),
      ),
  );
}

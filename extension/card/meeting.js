/**
 * The meeting card, `meeting.html?meeting=ID`: who you are about to meet and, for each, what you
 * owe each other, when you last talked, what to ask, what you share and whom you both know.
 * Attendees Rapport does not know yet are saved in one click; after the meeting, "how did it
 * go" logs it with everyone.
 */
import { Daemon } from "../lib/api.js";
import {
  contactFacts,
  failurePanel,
  interactionItem,
  panel,
  personHeader,
  profileLinks,
  promiseLists,
  tagList,
} from "../lib/card-view.js";
import { formatDay, formatTime, plural } from "../lib/dates.js";
import { h, show } from "../lib/dom.js";
import { pageUrl } from "../lib/pages.js";

const MATCHES = { email: "Matched by email", name: "Matched by name", manual: "Linked by hand" };

const main = document.getElementById("meeting");
const meetingId = new URLSearchParams(location.search).get("meeting");
const daemon = await Daemon.fromSettings();

async function load(flash = "") {
  if (!meetingId) return fail("This page shows a meeting's card: open it from a notification.");
  try {
    render(await daemon.meetingCard(meetingId), flash);
  } catch (error) {
    fail(error.message);
  }
}

function say(line, text, tone = "") {
  line.className = tone ? `status-line ${tone}` : "status-line";
  line.textContent = text;
}

function fail(message) {
  main.setAttribute("aria-busy", "false");
  show(main, failurePanel(message));
}

function render(card, flash) {
  const { meeting } = card;
  document.title = `${meeting.title} · Rapport`;
  main.setAttribute("aria-busy", "false");
  const ended = Date.parse(meeting.ends_at ?? meeting.starts_at) <= Date.now();
  show(
    main,
    meetingHead(card, flash),
    ended && howItWent(meeting),
    card.attendees.map((entry, index) =>
      entry.card ? knownAttendee(entry) : unknownAttendee(meeting, entry, index),
    ),
    card.previous_meetings.length > 0 &&
      panel(
        "Previous meetings",
        h("ul", { class: "timeline" }, card.previous_meetings.map(previousMeeting)),
      ),
  );
}

function when(meeting) {
  if (meeting.all_day) return `${formatDay(meeting.starts_at)} · all day`;
  const end = meeting.ends_at ? `–${formatTime(meeting.ends_at)}` : "";
  return `${formatDay(meeting.starts_at)} · ${formatTime(meeting.starts_at)}${end}`;
}

function meetingHead({ meeting, headline, attendees }, flash) {
  const facts = [when(meeting), meeting.location, `${attendees.length} attending`];
  return h(
    "section",
    { class: "panel meeting-head" },
    h("h1", { class: "page-title" }, meeting.title),
    h("p", { class: "meta" }, facts.filter(Boolean).join(" · ")),
    isWebLink(meeting.url) &&
      h("a", { href: meeting.url, target: "_blank", rel: "noopener noreferrer" }, meeting.url),
    headline && h("p", { class: "headline-box" }, headline),
    flash && h("p", { class: "status-line ok", role: "status" }, flash),
  );
}

function knownAttendee(entry) {
  const { card } = entry;
  const { person } = card;
  return h(
    "section",
    { class: "panel attendee", "aria-label": person.name },
    personHeader(person, {
      level: "h2",
      href: pageUrl("person", person.id),
      badge: MATCHES[entry.match] && { text: MATCHES[entry.match], tone: "known" },
    }),
    profileLinks(person),
    tagList(person.tags),
    h(
      "div",
      { class: "columns" },
      h(
        "div",
        { class: "column" },
        entry.talking_points.length > 0 &&
          h(
            "section",
            {},
            h("h3", { class: "section-title" }, "Talking points"),
            h(
              "ul",
              { class: "points" },
              entry.talking_points.map((point) => h("li", {}, point)),
            ),
          ),
        promiseLists(card, { onDone: markKept }),
      ),
      h(
        "div",
        { class: "column" },
        contactFacts(card),
        card.last_interaction &&
          h(
            "section",
            {},
            h("h3", { class: "section-title" }, "Last interaction"),
            h("ul", { class: "timeline" }, interactionItem(card.last_interaction)),
          ),
        card.common_ground.length > 0 &&
          h(
            "section",
            {},
            h("h3", { class: "section-title" }, "Common ground"),
            h(
              "ul",
              { class: "chips" },
              card.common_ground.map((item) =>
                h("li", { class: "chip" }, `${item.kind}: ${item.value}`),
              ),
            ),
          ),
        entry.mutual_contacts.length > 0 &&
          h(
            "section",
            {},
            h("h3", { class: "section-title" }, "You both know"),
            h(
              "ul",
              { class: "chips" },
              entry.mutual_contacts.map((contact) =>
                h(
                  "li",
                  {},
                  h("a", { class: "chip link", href: pageUrl("person", contact.id) }, contact.name),
                ),
              ),
            ),
          ),
      ),
    ),
  );
}

/** Someone Rapport does not know: what the invitation says, and one click to save them. */
function unknownAttendee(meeting, entry, index) {
  const suggested = entry.suggested_person;
  const status = h("p", { class: "status-line", role: "status" });
  const save = h(
    "button",
    { type: "button", class: "button primary" },
    `Save ${suggested.name} as a person`,
  );
  save.addEventListener("click", async () => {
    save.disabled = true;
    say(status, "Saving…");
    try {
      await saveAttendee(meeting, index, suggested);
      await load(`Saved ${suggested.name}.`);
    } catch (error) {
      say(status, error.message, "error");
      save.disabled = false;
    }
  });
  return h(
    "section",
    { class: "panel attendee", "aria-label": suggested.name },
    personHeader(suggested, { level: "h2", badge: { text: "Not saved", tone: "new" } }),
    h(
      "p",
      { class: "muted" },
      [entry.attendee.email, "Rapport knows nothing about them yet."].filter(Boolean).join(" · "),
    ),
    h("div", { class: "form-actions" }, save, status),
  );
}

/** POST the person the daemon suggests, then link the attendee to them by hand (an attendee
 * without an email would not be found otherwise). */
async function saveAttendee(meeting, index, suggested) {
  const person = await daemon.createPerson(suggested);
  const attendees = meeting.attendees.map((attendee, position) =>
    position === index
      ? { name: attendee.name, email: attendee.email, person_id: person.id }
      : attendee,
  );
  await daemon.updateMeeting(meeting.id, { attendees });
}

async function markKept(promise, tick) {
  tick.disabled = true;
  try {
    await daemon.updatePromise(promise.id, { status: "done" });
    await load(`Marked as kept: ${promise.text}`);
  } catch (error) {
    tick.disabled = false;
    fail(error.message);
  }
}

/** After the meeting: one note, logged as an interaction with every saved attendee. */
function howItWent(meeting) {
  const text = h("textarea", { name: "text", rows: 3, required: true, maxlength: 2000 });
  const status = h("p", { class: "status-line", role: "status" });
  const save = h("button", { type: "submit", class: "button primary" }, "Log it");
  const form = h(
    "form",
    { class: "log-form" },
    h("label", { class: "field" }, h("span", { class: "label" }, "How did it go?"), text),
    h("div", { class: "form-actions" }, save, status),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save.disabled = true;
    say(status, "Saving…");
    try {
      const { interaction } = await daemon.logMeeting(meeting.id, { text: text.value });
      await load(`Logged with ${plural(interaction.person_ids.length, "attendee")}.`);
    } catch (error) {
      say(status, error.message, "error");
      save.disabled = false;
    }
  });
  const logged = meeting.logged_at && `Logged on ${formatDay(meeting.logged_at)}.`;
  return panel("After the meeting", logged && h("p", { class: "muted" }, logged), form);
}

function previousMeeting(other) {
  return h(
    "li",
    {},
    h("span", { class: "when" }, formatDay(other.starts_at)),
    h("a", { href: pageUrl("meeting", other.id) }, other.title),
    other.people.length > 0 && h("span", { class: "text" }, `With ${other.people.join(", ")}`),
  );
}

function isWebLink(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url);
}

load();

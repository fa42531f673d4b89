/**
 * The card page: everything Rapport knows about one person, `card.html?person=ID`, for the
 * minute before a conversation. (A meeting's card will live here too, as `?meeting=ID`.)
 */
import { Daemon } from "../lib/api.js";
import {
  contactFacts,
  personHeader,
  profileLinks,
  promiseLists,
  reminderList,
  tagList,
} from "../lib/card-view.js";
import { formatDay } from "../lib/dates.js";
import { h, show } from "../lib/dom.js";

const main = document.getElementById("card");
const personId = new URLSearchParams(location.search).get("person");
const daemon = await Daemon.fromSettings();

async function load() {
  if (!personId) return fail("This page shows a person's card: open it from the Rapport popup.");
  try {
    renderPerson(await daemon.card(personId));
  } catch (error) {
    fail(error.message);
  }
}

function fail(message) {
  main.setAttribute("aria-busy", "false");
  show(
    main,
    h("section", { class: "panel" }, h("p", { class: "message-box", role: "alert" }, message)),
  );
}

function panel(title, ...children) {
  return h("section", { class: "panel" }, h("h2", { class: "section-title" }, title), ...children);
}

async function markKept(promise, tick) {
  tick.disabled = true;
  try {
    await daemon.updatePromise(promise.id, { status: "done" });
    await load();
  } catch (error) {
    tick.disabled = false;
    fail(error.message);
  }
}

function renderPerson(card) {
  const { person } = card;
  document.title = `${person.name} · Rapport`;
  main.setAttribute("aria-busy", "false");
  const details = [
    ["Email", person.emails.join(", ")],
    ["How we met", person.how_met],
    ["Interests", person.interests.join(", ")],
  ].filter(([, value]) => value);
  show(
    main,
    h(
      "section",
      { class: "panel card-head" },
      personHeader(person),
      profileLinks(person),
      tagList(person.tags),
      details.length > 0 &&
        h(
          "dl",
          { class: "details" },
          details.map(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]),
        ),
    ),
    h(
      "div",
      { class: "columns" },
      h(
        "div",
        { class: "column" },
        card.talking_points.length > 0 &&
          panel(
            "Talking points",
            h(
              "ul",
              { class: "points" },
              card.talking_points.map((point) => h("li", {}, point)),
            ),
          ),
        h("section", { class: "panel" }, promiseLists(card, { onDone: markKept })),
        reminderList(card.reminders) &&
          h("section", { class: "panel" }, reminderList(card.reminders)),
        panel(
          `Recent (${card.interaction_count})`,
          card.interactions.length
            ? h("ul", { class: "timeline" }, card.interactions.map(interactionItem))
            : h("p", { class: "empty" }, "Nothing logged yet."),
        ),
      ),
      h(
        "div",
        { class: "column" },
        h("section", { class: "panel" }, contactFacts(card)),
        card.common_ground.length > 0 &&
          panel(
            "Common ground",
            h(
              "ul",
              { class: "chips" },
              card.common_ground.map((item) =>
                h("li", { class: "chip" }, `${item.kind}: ${item.value}`),
              ),
            ),
          ),
        person.notes && panel("Notes", h("p", { class: "notes" }, person.notes)),
      ),
    ),
  );
}

function interactionItem(interaction) {
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

load();

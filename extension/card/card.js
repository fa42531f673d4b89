/**
 * The card page: everything Rapport knows about one person, `card.html?person=ID`, for the
 * minute before a conversation. (A meeting's card is meeting.html.)
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
  reminderList,
  tagList,
} from "../lib/card-view.js";
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
  show(main, failurePanel(message));
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

load();

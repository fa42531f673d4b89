/**
 * Quick actions on a known person's card: log an engagement, a note, a promise, a reminder,
 * tags, and the keep-in-touch cadence. Each is one small form that calls one existing route.
 */
import { formatDay, isoDate, localDateTime, morningOf, quickDays } from "../lib/dates.js";
import { h, icon } from "../lib/dom.js";

const ENGAGEMENT_KINDS = [
  ["comment", "Comment"],
  ["like", "Like"],
  ["share", "Share"],
  ["message", "Message"],
];
const CADENCES = [
  ["", "Off"],
  ["14", "2 weeks"],
  ["30", "Month"],
  ["90", "Quarter"],
];

const ACTIONS = [
  { id: "engage", label: "Engage", build: engagementForm },
  { id: "note", label: "Note", build: noteForm },
  { id: "promise", label: "Promise", build: promiseForm },
  { id: "reminder", label: "Remind", build: reminderForm },
  { id: "tags", label: "Tags", build: tagsForm },
  { id: "cadence", label: "Cadence", build: cadenceForm },
];

/**
 * @param {{daemon, card, page, extracted, refresh: () => Promise<void>,
 *          say: (text: string, tone?: string) => void}} context  `say` reports outcomes
 * @returns {{element, update(card), focus()}}
 */
export function quickActions(context) {
  const state = { card: context.card };
  const panel = h("div", { class: "action-panel" });
  const built = new Map();
  const { say } = context;
  const helpers = {
    ...context,
    person: () => state.card.person,
    async done(message) {
      say(message, "ok");
      await context.refresh();
    },
  };
  const select = (id) => {
    if (!built.has(id)) built.set(id, ACTIONS.find((action) => action.id === id).build(helpers));
    panel.replaceChildren(built.get(id).element);
  };
  const tabs = h(
    "fieldset",
    { class: "segmented action-tabs" },
    h("legend", { class: "label" }, "Remember"),
    ACTIONS.map((action, index) =>
      h(
        "label",
        {},
        h("input", {
          type: "radio",
          name: "action",
          value: action.id,
          checked: index === 0,
          onchange: () => {
            say("");
            select(action.id);
          },
        }),
        h("span", {}, action.label),
      ),
    ),
  );
  select(ACTIONS[0].id);
  return {
    element: h("section", { class: "actions", "aria-label": "Quick actions" }, tabs, panel),
    update(card) {
      state.card = card;
      for (const form of built.values()) form.update?.(card);
    },
    focus() {
      tabs.querySelector("input:checked").focus();
    },
  };
}

/** A form whose submit calls `submit(data)` and says what it answers, or the daemon's message. */
function actionForm(helpers, { fields, label, submit }) {
  const button = h("button", { type: "submit", class: "button primary" }, label);
  const form = h(
    "form",
    { class: "action-form" },
    fields,
    h("div", { class: "form-actions" }, button),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    form.querySelector("[aria-invalid]")?.removeAttribute("aria-invalid");
    helpers.say("Saving…");
    try {
      const message = await submit(new FormData(form));
      form.reset();
      await helpers.done(message);
    } catch (error) {
      helpers.say(error.message, "error");
      markInvalid(form, error.field);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** Point at the field the daemon named ("text", "tags[2]"), when this form has it. */
function markInvalid(form, field) {
  const input = field && form.elements.namedItem(field.split(/[.[]/)[0]);
  if (input instanceof HTMLElement) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }
}

function choice(name, options, selected, legend) {
  return h(
    "fieldset",
    { class: "segmented" },
    legend && h("legend", { class: "label" }, legend),
    options.map(([value, label]) =>
      h(
        "label",
        {},
        h("input", { type: "radio", name, value, checked: value === selected }),
        h("span", {}, label),
      ),
    ),
  );
}

function textArea(name, { value = "", placeholder = "", required = false, label }) {
  return h(
    "label",
    { class: "field" },
    h("span", { class: "label" }, label),
    h("textarea", { name, value, placeholder, required, rows: 2 }),
  );
}

/** The post's URL when the page is a post, else the page's own. */
function engagementUrl({ extracted, page }) {
  const url = extracted?.engagement?.url || page.url;
  return /^https?:\/\//.test(url) ? url : null;
}

function engagementForm(helpers) {
  const { extracted, page } = helpers;
  const prefill = page.selection.trim() || extracted?.engagement?.text || "";
  const element = actionForm(helpers, {
    label: "Log engagement",
    fields: [
      choice("kind", ENGAGEMENT_KINDS, "comment", "What I did"),
      textArea("text", {
        label: "What it was about",
        value: prefill,
        placeholder: "Commented on her post about Rust hiring",
      }),
    ],
    submit: async (data) => {
      const kind = data.get("kind");
      await helpers.daemon.logInteraction({
        person_ids: [helpers.person().id],
        kind,
        text: data.get("text"),
        url: engagementUrl(helpers),
      });
      return `Logged a ${kind}.`;
    },
  });
  return { element };
}

function noteForm(helpers) {
  const element = actionForm(helpers, {
    label: "Save note",
    fields: [
      textArea("text", {
        label: "Note",
        required: true,
        placeholder: "Met at RustConf; hiring for her platform team",
      }),
    ],
    submit: async (data) => {
      await helpers.daemon.logInteraction({
        person_ids: [helpers.person().id],
        kind: "note",
        text: data.get("text"),
      });
      return "Note saved.";
    },
  });
  return { element };
}

/** Quick-pick buttons that fill a date (or date-time) input, which stays editable. */
function datePicks(input, toValue) {
  const picks = quickDays().map(({ label, date }) =>
    h(
      "button",
      {
        type: "button",
        class: "button small pick",
        title: formatDay(isoDate(date)),
        "aria-pressed": "false",
        dataset: { value: toValue(date) },
        onclick: () => {
          input.value = toValue(date);
          mark();
        },
      },
      label,
    ),
  );
  const mark = () => {
    for (const pick of picks)
      pick.setAttribute("aria-pressed", String(pick.dataset.value === input.value));
  };
  input.addEventListener("input", mark);
  return { element: h("div", { class: "picks" }, picks, input), mark };
}

function promiseForm(helpers) {
  const due = h("input", { type: "date", name: "due", "aria-label": "Due date" });
  const picks = datePicks(due, isoDate);
  const element = actionForm(helpers, {
    label: "Save promise",
    fields: [
      choice(
        "direction",
        [
          ["mine", "I promised"],
          ["theirs", "They promised"],
        ],
        "mine",
      ),
      h(
        "label",
        { class: "field" },
        h("span", { class: "label" }, "What"),
        h("input", { type: "text", name: "text", required: true, placeholder: "Send the deck" }),
      ),
      h("div", { class: "field" }, h("span", { class: "label" }, "Due"), picks.element),
    ],
    submit: async (data) => {
      const dueDate = data.get("due") || null;
      await helpers.daemon.addPromise({
        person_id: helpers.person().id,
        direction: data.get("direction"),
        text: data.get("text"),
        due: dueDate,
      });
      return dueDate ? `Promise saved, due ${formatDay(dueDate)}.` : "Promise saved.";
    },
  });
  element.addEventListener("reset", () => setTimeout(picks.mark));
  return { element };
}

function reminderForm(helpers) {
  const when = h("input", {
    type: "datetime-local",
    name: "due_at",
    required: true,
    "aria-label": "Remind me at",
  });
  const picks = datePicks(when, (date) => localDateTime(morningOf(date)));
  const element = actionForm(helpers, {
    label: "Set reminder",
    fields: [
      h(
        "label",
        { class: "field" },
        h("span", { class: "label" }, "Remind me to"),
        h("input", {
          type: "text",
          name: "text",
          required: true,
          placeholder: "Ask how the launch went",
        }),
      ),
      h("div", { class: "field" }, h("span", { class: "label" }, "When"), picks.element),
    ],
    submit: async (data) => {
      const dueAt = new Date(data.get("due_at"));
      await helpers.daemon.addReminder({
        person_id: helpers.person().id,
        text: data.get("text"),
        due_at: dueAt.toISOString(),
      });
      const time = dueAt.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      return `Reminder set for ${formatDay(dueAt.toISOString())}, ${time}.`;
    },
  });
  element.addEventListener("reset", () => setTimeout(picks.mark));
  return { element };
}

function tagsForm(helpers) {
  const chips = h("ul", { class: "chips", "aria-label": "Tags" });
  const saveTags = async (tags, message) => {
    await helpers.daemon.updatePerson(helpers.person().id, { tags });
    await helpers.done(message);
  };
  const fillChips = (person) =>
    chips.replaceChildren(
      ...(person.tags.length
        ? person.tags.map((tag) =>
            h(
              "li",
              { class: "chip tag removable" },
              `#${tag}`,
              h(
                "button",
                {
                  type: "button",
                  title: `Remove ${tag}`,
                  "aria-label": `Remove tag ${tag}`,
                  onclick: () =>
                    saveTags(
                      helpers.person().tags.filter((t) => t !== tag),
                      `Removed #${tag}.`,
                    ).catch((error) => helpers.say(error.message, "error")),
                },
                icon("close", 12),
              ),
            ),
          )
        : [h("li", { class: "empty" }, "No tags yet.")]),
    );
  fillChips(helpers.person());
  const element = actionForm(helpers, {
    label: "Add tags",
    fields: [
      chips,
      h(
        "label",
        { class: "field" },
        h("span", { class: "label" }, "New tags, separated by commas"),
        h("input", {
          type: "text",
          name: "tags",
          required: true,
          placeholder: "mentor, rust, berlin",
        }),
      ),
    ],
    submit: async (data) => {
      const added = String(data.get("tags"))
        .split(",")
        .map((tag) => tag.trim().replace(/^#/, "").toLowerCase())
        .filter(Boolean);
      const tags = [...new Set([...helpers.person().tags, ...added])];
      await helpers.daemon.updatePerson(helpers.person().id, { tags });
      return `Tagged ${added.map((tag) => `#${tag}`).join(", ")}.`;
    },
  });
  return { element, update: (card) => fillChips(card.person) };
}

function cadenceForm(helpers) {
  const current = helpers.person().keep_in_touch_days;
  const preset = CADENCES.find(([value]) => value === String(current ?? ""));
  const days = h("input", {
    type: "number",
    name: "days",
    min: 1,
    max: 3650,
    value: preset ? "" : String(current),
    "aria-label": "Every how many days",
  });
  const options = [...CADENCES, ["custom", "Custom"]];
  const radios = choice("every", options, preset ? preset[0] : "custom", "Keep in touch every");
  // The number sits right after "Custom", so the two wrap onto one line together.
  radios.append(h("span", { class: "days" }, days, h("span", { class: "muted" }, "days")));
  days.addEventListener("input", () => {
    radios.querySelector('input[value="custom"]').checked = true;
  });
  const element = actionForm(helpers, {
    label: "Save cadence",
    fields: [radios],
    submit: async (data) => {
      const every = data.get("every");
      const value = every === "custom" ? Number(data.get("days")) : every ? Number(every) : null;
      await helpers.daemon.updatePerson(helpers.person().id, { keep_in_touch_days: value });
      return value ? `Keep in touch every ${value} days.` : "No keep-in-touch cadence.";
    },
  });
  // After a save the form resets to what is now stored, not to what the page first showed.
  const update = (card) => {
    const stored = String(card.person.keep_in_touch_days ?? "");
    const match = CADENCES.find(([value]) => value === stored);
    radios.querySelector(`input[value="${match ? match[0] : "custom"}"]`).checked = true;
    days.value = match ? "" : stored;
  };
  return { element, update };
}

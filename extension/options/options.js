/**
 * Options: where the daemon is, pairing with it, a connection test that also checks the
 * daemon's proof of identity, and when the notifications show (saved as soon as changed).
 *
 * Pairing: the extension asks the daemon to pair; the user reads a 6-digit code with
 * `rapport pair` in a terminal and types it here. While waiting, the page also asks every two
 * seconds whether the pairing was approved (`rapport pair --approve`), which needs no code.
 */
import { Daemon, NOT_PAIRED } from "../lib/api.js";
import { h, show } from "../lib/dom.js";
import {
  forgetPairing,
  LEAD_MINUTES,
  normalizeDaemonUrl,
  readSettings,
  writeSettings,
} from "../lib/settings.js";

const POLL_MS = 2000;

const addressForm = document.getElementById("address-form");
const addressInput = document.getElementById("daemon-url");
const connectionStatus = document.getElementById("connection-status");
const pairingBox = document.getElementById("pairing");
const pairingStatus = document.getElementById("pairing-status");
const notificationsForm = document.getElementById("notifications-form");
const leadInput = document.getElementById("lead-minutes");
const digestEnabled = document.getElementById("digest-enabled");
const digestWeekday = document.getElementById("digest-weekday");
const digestHour = document.getElementById("digest-hour");
const notificationsStatus = document.getElementById("notifications-status");

let waiting = null; // the pending pairing: {id, expiresAt, timer}

function say(line, text, tone = "") {
  line.className = tone ? `status-line ${tone}` : "status-line";
  line.textContent = text;
}

async function init() {
  const settings = await readSettings();
  addressInput.value = settings.daemonUrl;
  showNotificationSettings(settings);
  renderPairing(settings);
  await testConnection();
}

addressForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const daemonUrl = normalizeDaemonUrl(addressInput.value);
    addressInput.value = daemonUrl;
    await writeSettings({ daemonUrl });
  } catch (error) {
    say(connectionStatus, error.message, "error");
    return;
  }
  await testConnection();
});

document.getElementById("test-connection").addEventListener("click", testConnection);

/** The daemon's version, and whether it proves it is the one this browser paired with. */
async function testConnection() {
  say(connectionStatus, "Checking…");
  const daemon = await Daemon.fromSettings();
  try {
    const { version } = await daemon.health();
    if (!daemon.paired) {
      say(connectionStatus, `Rapport ${version} is running. Pair below to use it.`, "ok");
      return;
    }
    await daemon.verify();
    say(
      connectionStatus,
      `Connected to Rapport ${version}, verified as the daemon this browser paired with.`,
      "ok",
    );
  } catch (error) {
    say(connectionStatus, error.message, "error");
    if (error.code === NOT_PAIRED) renderPairing(await readSettings());
  }
}

/** Weekday names in the user's language, Monday first (1 January 2024 was a Monday). */
function weekdayNames() {
  const format = new Intl.DateTimeFormat(undefined, { weekday: "long" });
  return Array.from({ length: 7 }, (_, index) => format.format(new Date(2024, 0, 1 + index)));
}

function showNotificationSettings(settings) {
  digestWeekday.replaceChildren(
    ...weekdayNames().map((name, index) => h("option", { value: index + 1 }, name)),
  );
  digestHour.replaceChildren(
    ...Array.from({ length: 24 }, (_, hour) =>
      h("option", { value: hour }, `${String(hour).padStart(2, "0")}:00`),
    ),
  );
  leadInput.min = LEAD_MINUTES.min;
  leadInput.max = LEAD_MINUTES.max;
  leadInput.value = settings.meetingLeadMinutes;
  digestEnabled.checked = settings.digestEnabled;
  digestWeekday.value = settings.digestWeekday;
  digestHour.value = settings.digestHour;
  digestWeekday.disabled = digestHour.disabled = !settings.digestEnabled;
}

notificationsForm.addEventListener("change", saveNotificationSettings);
notificationsForm.addEventListener("submit", (event) => {
  event.preventDefault();
  saveNotificationSettings();
});

async function saveNotificationSettings() {
  const lead = Number(leadInput.value);
  if (!Number.isInteger(lead) || lead < LEAD_MINUTES.min || lead > LEAD_MINUTES.max) {
    say(
      notificationsStatus,
      `Give a whole number of minutes from ${LEAD_MINUTES.min} to ${LEAD_MINUTES.max}.`,
      "error",
    );
    return;
  }
  await writeSettings({
    meetingLeadMinutes: lead,
    digestEnabled: digestEnabled.checked,
    digestWeekday: Number(digestWeekday.value),
    digestHour: Number(digestHour.value),
  });
  digestWeekday.disabled = digestHour.disabled = !digestEnabled.checked;
  say(notificationsStatus, "Saved.", "ok");
}

function button(label, onclick, kind = "") {
  return h("button", { type: "button", class: `button ${kind}`, onclick }, label);
}

function renderPairing(settings) {
  if (settings.token) {
    const since = settings.pairedAt
      ? ` since ${new Date(settings.pairedAt).toLocaleDateString()}`
      : "";
    show(
      pairingBox,
      h(
        "div",
        { class: "paired" },
        h("span", { class: "dot", "aria-hidden": "true" }),
        h(
          "p",
          {},
          `Paired${since}. This browser is client `,
          h("code", {}, settings.clientId),
          ".",
        ),
      ),
      h(
        "p",
        { class: "muted" },
        "Unpairing forgets the token here. To revoke it for good, run ",
        h("code", {}, `rapport token revoke ${settings.clientId}`),
        ".",
      ),
      h("div", { class: "pairing-row" }, button("Unpair", unpair)),
    );
    return;
  }
  show(
    pairingBox,
    h(
      "p",
      {},
      "Pair once so that this browser can save people to Rapport. " +
        "You will need a terminal on this computer.",
    ),
    h("div", { class: "pairing-row" }, button("Pair with Rapport", startPairing, "primary")),
  );
}

async function startPairing() {
  stopWaiting();
  say(pairingStatus, "Asking Rapport to pair…");
  const daemon = await Daemon.fromSettings();
  let pairing;
  try {
    pairing = await daemon.startPairing(`Rapport for ${browserName()}`);
  } catch (error) {
    say(pairingStatus, error.message, "error");
    return;
  }
  const code = h("input", {
    type: "text",
    class: "code-input",
    name: "code",
    inputmode: "numeric",
    autocomplete: "one-time-code",
    maxlength: 6,
    pattern: "[0-9]{6}",
    required: true,
    "aria-label": "Pairing code",
  });
  const expiry = h("span", { class: "expiry" });
  const form = h(
    "form",
    { class: "pairing-row" },
    code,
    h("button", { type: "submit", class: "button primary" }, "Pair"),
    button("Cancel", cancelPairing, "quiet"),
    expiry,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    confirm(daemon, code.value.trim());
  });
  show(
    pairingBox,
    h(
      "ol",
      { class: "steps" },
      h("li", {}, "In a terminal on this computer, run ", h("code", {}, "rapport pair"), "."),
      h("li", {}, "Type the 6-digit code it shows:"),
    ),
    form,
  );
  code.focus();
  say(pairingStatus, "Waiting for the code… (or approve with rapport pair --approve)");
  waiting = {
    id: pairing.id,
    expiresAt: new Date(pairing.expires_at),
    daemon,
    expiry,
    timer: null,
  };
  tick();
}

/** Every two seconds: count down, and take the token if the pairing was approved. */
async function tick() {
  const current = waiting;
  if (!current) return;
  const left = Math.round((current.expiresAt - Date.now()) / 1000);
  if (left <= 0) {
    stopWaiting();
    say(pairingStatus, "The code expired. Start pairing again.", "error");
    renderPairing(await readSettings());
    return;
  }
  const seconds = String(left % 60).padStart(2, "0");
  current.expiry.textContent = `expires in ${Math.floor(left / 60)}:${seconds}`;
  try {
    await finish(await current.daemon.confirmPairing(current.id, null));
    return;
  } catch (error) {
    if (waiting !== current) return;
    if (error.code !== "not_approved") {
      stopWaiting();
      say(pairingStatus, error.message, "error");
      renderPairing(await readSettings());
      return;
    }
  }
  current.timer = setTimeout(tick, POLL_MS);
}

async function confirm(daemon, code) {
  const current = waiting;
  if (!current) return;
  say(pairingStatus, "Checking the code…");
  try {
    await finish(await daemon.confirmPairing(current.id, code));
  } catch (error) {
    say(pairingStatus, error.message, "error");
    if (error.status !== 403) {
      stopWaiting();
      renderPairing(await readSettings());
    }
  }
}

async function finish({ client_id: clientId, token }) {
  stopWaiting();
  await writeSettings({ clientId, token, pairedAt: new Date().toISOString() });
  say(pairingStatus, "Paired. Click Rapport on a profile or a post to save someone.", "ok");
  renderPairing(await readSettings());
  await testConnection();
}

function stopWaiting() {
  if (waiting?.timer) clearTimeout(waiting.timer);
  waiting = null;
}

async function cancelPairing() {
  stopWaiting();
  say(pairingStatus, "");
  renderPairing(await readSettings());
}

async function unpair() {
  await forgetPairing();
  say(pairingStatus, "Unpaired. The extension will not talk to Rapport until you pair again.");
  renderPairing(await readSettings());
  await testConnection();
}

function browserName() {
  if (location.protocol === "moz-extension:") return "Firefox";
  const brand = navigator.userAgentData?.brands?.find(
    ({ brand }) => !/Not.?A.?Brand|Chromium/i.test(brand),
  );
  return brand?.brand ?? "Chromium";
}

init();

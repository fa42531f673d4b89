/**
 * The extension's settings, read and written only here.
 *
 * The token lives in `storage.local`, which only this extension can read. Nothing is synced:
 * a pairing belongs to one browser profile and one daemon.
 */
import { ext } from "./browser.js";

const DEFAULT_DAEMON_URL = "http://127.0.0.1:27277";

const DEFAULTS = {
  daemonUrl: DEFAULT_DAEMON_URL,
  clientId: null,
  token: null,
  pairedAt: null,
  meetingLeadMinutes: 10, // the pre-meeting notification shows this long before the start
  digestEnabled: true,
  digestWeekday: 1, // ISO: 1 = Monday ... 7 = Sunday
  digestHour: 9, // local time
};

/** Limits the options page and the jobs agree on. */
export const LEAD_MINUTES = { min: 1, max: 240 };

/**
 * What the background jobs remember between runs: which meetings were announced, the last week
 * whose digest was. Kept apart from the settings so that writing it reruns no job.
 */
const MEMORY = { announcedMeetings: {}, digestAnnouncedWeek: null };

export async function readSettings() {
  const stored = await ext.storage.local.get(Object.keys(DEFAULTS));
  return { ...DEFAULTS, ...stored };
}

export async function writeSettings(changes) {
  await ext.storage.local.set(changes);
}

export async function forgetPairing() {
  await ext.storage.local.remove(["clientId", "token", "pairedAt"]);
}

export async function readMemory() {
  const stored = await ext.storage.local.get(Object.keys(MEMORY));
  return { ...MEMORY, ...stored };
}

export async function writeMemory(changes) {
  await ext.storage.local.set(changes);
}

/** Call `listener(settings)` whenever a setting changes (in any of the extension's pages). */
export function onSettingsChanged(listener) {
  ext.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && Object.keys(changes).some((key) => key in DEFAULTS)) {
      readSettings().then(listener);
    }
  });
}

/**
 * The daemon address as the extension stores it, or an Error saying why not.
 * Only loopback: the manifest grants nothing else, and the daemon listens nowhere else.
 */
export function normalizeDaemonUrl(text) {
  let url;
  try {
    url = new URL(text.trim().includes("://") ? text.trim() : `http://${text.trim()}`);
  } catch {
    throw new Error("Write the address like http://127.0.0.1:27277.");
  }
  if (url.protocol !== "http:" || !["127.0.0.1", "localhost"].includes(url.hostname)) {
    throw new Error("Rapport listens on this computer only: use http://127.0.0.1:PORT.");
  }
  if (url.pathname !== "/" || url.search || url.hash || url.username) {
    throw new Error("Give the address only, without a path: http://127.0.0.1:27277.");
  }
  return url.origin;
}

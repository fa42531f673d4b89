/**
 * The extension's settings, read and written only here.
 *
 * The token lives in `storage.local`, which only this extension can read. Nothing is synced:
 * a pairing belongs to one browser profile and one daemon.
 */
import { ext } from "./browser.js";

const DEFAULT_DAEMON_URL = "http://127.0.0.1:27277";

const DEFAULTS = { daemonUrl: DEFAULT_DAEMON_URL, clientId: null, token: null, pairedAt: null };

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

/** Showing a notification, the same way for every job that has something to say. */
import { ext } from "../lib/browser.js";

/**
 * Show one notification and answer what was shown. `id` names the page a click opens (see
 * lib/pages.js); showing the same id again replaces the notification rather than adding one.
 */
export async function notify(id, { title, message }) {
  await ext.notifications.create(id, {
    type: "basic",
    iconUrl: ext.runtime.getURL("icons/icon-128.png"),
    title,
    message,
  });
  return { id, title, message };
}

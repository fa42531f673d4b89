/**
 * The extension's own pages, by what they show: the one place their addresses are spelled.
 * A notification's id starts with one of these names and the argument, `meeting/m_XXXX/...`,
 * so that clicking it knows what to open.
 */
import { ext } from "./browser.js";

const PAGES = {
  person: (personId) => `card/card.html?person=${encodeURIComponent(personId)}`,
  meeting: (meetingId) => `card/meeting.html?meeting=${encodeURIComponent(meetingId)}`,
  digest: (week) => `digest/digest.html${week ? `?week=${encodeURIComponent(week)}` : ""}`,
};

/** The full address of a page, e.g. `pageUrl("meeting", "m_XXXX")`. */
export function pageUrl(kind, argument) {
  return ext.runtime.getURL(PAGES[kind](argument));
}

/** What a notification id opens when clicked, or null when it names no page. */
export function pageOfNotification(notificationId) {
  const [kind, argument] = notificationId.split("/");
  return Object.hasOwn(PAGES, kind) ? pageUrl(kind, argument) : null;
}

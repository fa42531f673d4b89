/** The toolbar badge: how many things are due today (`GET /due` until the end of today). */
import { Daemon } from "../lib/api.js";
import { ext } from "../lib/browser.js";
import { endOfDay, localInstant } from "../lib/dates.js";

const BADGE_COLOR = "#a8381f"; // the cards' "late" colour
const MOST_SHOWN = 99;

/** Set the badge and answer its text: empty when nothing is due, or Rapport cannot say. */
export async function showDueToday(now) {
  const daemon = await Daemon.fromSettings();
  let text = "";
  try {
    if (daemon.paired) text = badgeText((await daemon.due(localInstant(endOfDay(now)))).total);
  } finally {
    // A failure clears the badge (a stale count would mislead); the tooltip tells why.
    await ext.action.setBadgeBackgroundColor({ color: BADGE_COLOR });
    await ext.action.setBadgeText({ text });
  }
  return text;
}

function badgeText(total) {
  if (total <= 0) return "";
  return total > MOST_SHOWN ? `${MOST_SHOWN}+` : String(total);
}

/**
 * The weekly digest notification: once a week, at the weekday and hour from the options
 * (default Monday 09:00 local time), or at the first run after it when the browser was closed
 * then. Clicking it opens the digest page for that week.
 */
import { Daemon } from "../lib/api.js";
import { dayOfWeek, isoWeek, plural } from "../lib/dates.js";
import { readMemory, readSettings, writeMemory } from "../lib/settings.js";
import { notify } from "./notify.js";

/** Announce this week's digest if its time has come and it was not announced yet. */
export async function announceDigest(now) {
  const settings = await readSettings();
  if (!settings.digestEnabled) return null;
  const due = dayOfWeek(now, settings.digestWeekday, settings.digestHour);
  const week = isoWeek(due);
  const { digestAnnouncedWeek } = await readMemory();
  // Weeks only move forward: a clock set back never announces an old week again.
  if (now < due || (digestAnnouncedWeek && digestAnnouncedWeek >= week)) return null;
  const daemon = new Daemon(settings);
  if (!daemon.paired) return null;
  const digest = await daemon.digest(week); // unreachable: tried again on the next run
  await writeMemory({ digestAnnouncedWeek: week });
  return notify(`digest/${week}`, {
    title: `Your networking week (week ${Number(week.slice(6))})`,
    message: summary(digest),
  });
}

function summary({ reach_out: reachOut, i_owe: owe, owed_to_me: owed, meetings }) {
  return [
    `${reachOut.total === 1 ? "1 person" : `${reachOut.total} people`} to reach out to`,
    `you owe ${owe.total}`,
    `owed to you ${owed.total}`,
    plural(meetings.total, "meeting"),
  ].join(" · ");
}

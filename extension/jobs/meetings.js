/**
 * The pre-meeting notification: one per meeting occurrence, `meetingLeadMinutes` before it
 * starts, titled with the time and the people, saying the one line to remember.
 *
 * Which occurrences were announced is kept in the extension's storage: the worker is stopped
 * whenever the browser likes and the daemon may restart, and neither must make a meeting ring
 * twice. An occurrence is its meeting id and its start, so a meeting moved to another time is
 * announced again at its new time.
 */
import { Daemon } from "../lib/api.js";
import { formatTime } from "../lib/dates.js";
import { readMemory, readSettings, writeMemory } from "../lib/settings.js";
import { notify } from "./notify.js";

const FORGET_AFTER_MS = 2 * 24 * 60 * 60 * 1000; // two days after a meeting started
const NAMES_SHOWN = 3;

/** Announce the meetings about to start that were not announced yet; answer what was shown. */
export async function announceMeetings(now) {
  const settings = await readSettings();
  const daemon = new Daemon(settings);
  if (!daemon.paired) return [];
  const { items } = await daemon.upcomingMeetings(settings.meetingLeadMinutes);
  const remembered = (await readMemory()).announcedMeetings;
  const announced = recent(remembered, now);
  if (Object.keys(announced).length < Object.keys(remembered).length) {
    await writeMemory({ announcedMeetings: announced });
  }
  const shown = [];
  for (const item of items) {
    const { meeting } = item;
    const key = `${meeting.id}/${meeting.starts_at}`;
    if (meeting.all_day || Object.hasOwn(announced, key)) continue;
    // Remembered before it shows: a worker stopped in between loses one notification at worst,
    // never shows one twice.
    announced[key] = meeting.starts_at;
    await writeMemory({ announcedMeetings: announced });
    shown.push(await notify(`meeting/${key}`, notification(item)));
  }
  return shown;
}

function notification({ meeting, headline, people }) {
  const names = people.slice(0, NAMES_SHOWN).join(", ");
  const more = people.length > NAMES_SHOWN ? ` +${people.length - NAMES_SHOWN}` : "";
  const who = names ? `${names}${more}` : meeting.title;
  return { title: `${formatTime(meeting.starts_at)} · ${who}`, message: headline ?? meeting.title };
}

/** The announcements still worth remembering: meetings that started less than two days ago. */
function recent(announced, now) {
  const since = now.getTime() - FORGET_AFTER_MS;
  return Object.fromEntries(
    Object.entries(announced).filter(([, startsAt]) => Date.parse(startsAt) >= since),
  );
}

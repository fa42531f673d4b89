/** Dates as people say them ("by Friday", "next week"), in the user's own time zone. */

export function addDays(date, days) {
  const copy = new Date(date);
  copy.setDate(copy.getDate() + days);
  return copy;
}

/** `YYYY-MM-DD` of the local calendar day (toISOString would give the UTC day). */
export function isoDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The value a `datetime-local` input takes: `YYYY-MM-DDTHH:MM`, local time. */
export function localDateTime(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${isoDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** `2026-03-06T23:59:59.999+01:00`: an instant the daemon reads, in the user's own offset. */
export function localInstant(date) {
  const pad = (n, width = 2) => String(Math.abs(n)).padStart(width, "0");
  const offset = -date.getTimezoneOffset();
  const zone = `${offset < 0 ? "-" : "+"}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  const seconds = `${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  return `${localDateTime(date)}:${seconds}${zone}`;
}

/** The last millisecond of the local day `date` falls on. */
export function endOfDay(date) {
  const end = new Date(date);
  end.setHours(23, 59, 59, 999);
  return end;
}

/** `2026-W10`: the ISO week (Monday to Sunday) of the local day `date` falls on. */
export function isoWeek(date) {
  const day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7)); // its Thursday names the year
  const week = Math.ceil(((day - Date.UTC(day.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** `weekday` (ISO: 1 = Monday) of the week `date` falls in, at `hour`:00 local time. */
export function dayOfWeek(date, weekday, hour) {
  const moment = addDays(date, weekday - (date.getDay() || 7));
  moment.setHours(hour, 0, 0, 0);
  return moment;
}

function nextWeekday(today, weekday) {
  return addDays(today, (weekday - today.getDay() + 7) % 7 || 7);
}

/** Quick picks for a due date: tomorrow, the coming Friday, next Monday. */
export function quickDays(today = new Date()) {
  return [
    { label: "Tomorrow", date: addDays(today, 1) },
    { label: "Friday", date: nextWeekday(today, 5) },
    { label: "Next week", date: nextWeekday(today, 1) },
  ];
}

/** The same day at 09:00 local time: when a reminder for "tomorrow" should show up. */
export function morningOf(date) {
  const copy = new Date(date);
  copy.setHours(9, 0, 0, 0);
  return copy;
}

// The languages the user prefers, in pages and in the worker alike (a worker's default locale
// can differ from the browser's).
const LOCALES = navigator.languages;
const DAY = new Intl.DateTimeFormat(LOCALES, {
  weekday: "short",
  day: "numeric",
  month: "short",
});

const TIME = new Intl.DateTimeFormat(LOCALES, { hour: "2-digit", minute: "2-digit" });

/** "14:30" (or "2:30 PM", as the user's locale writes it) for an ISO instant. */
export function formatTime(value) {
  return TIME.format(new Date(value));
}

/** "Fri 6 Mar" for a `YYYY-MM-DD` date or an ISO instant. */
export function formatDay(value) {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
  return DAY.format(date);
}

export function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** "today", "yesterday", "12 days ago", or "never". */
export function sinceDays(days) {
  if (days === null || days === undefined) return "Never";
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  return `${plural(days, "day")} ago`;
}

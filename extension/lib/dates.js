/** Dates as people say them ("by Friday", "next week"), in the user's own time zone. */

function addDays(date, days) {
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

const DAY = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
});

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

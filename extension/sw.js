/**
 * The background worker: one table of messages, one table of periodic jobs.
 *
 * Pages ask for things through MESSAGES; work that runs on a timer is a JOBS entry (in jobs/),
 * run by the one alarm handler, scheduled while the browser runs and run at once after anything
 * changes (a pairing, an option, a record saved from the popup). A notification's id names the
 * page a click on it opens (lib/pages.js).
 */
import { ext } from "./lib/browser.js";
import { pageOfNotification, pageUrl } from "./lib/pages.js";
import { onSettingsChanged, readSettings } from "./lib/settings.js";
import { showDueToday } from "./jobs/badge.js";
import { showConnectionInTitle } from "./jobs/connection.js";
import { announceDigest } from "./jobs/digest.js";
import { announceMeetings } from "./jobs/meetings.js";

/** name -> {everyMinutes, run(now)}: each runs on its alarm and on a "refresh" message. */
const JOBS = {
  connection: { everyMinutes: 10, run: showConnectionInTitle },
  meetings: { everyMinutes: 1, run: announceMeetings },
  badge: { everyMinutes: 5, run: showDueToday },
  digest: { everyMinutes: 5, run: announceDigest },
};

/** type -> handler(message, sender): what the extension's pages ask of the worker. */
const MESSAGES = {
  "open-card": ({ personId }) => openPage(pageUrl("person", personId)),
  "open-meeting": ({ meetingId }) => openPage(pageUrl("meeting", meetingId)),
  // `job` and `now` are for the browser tests: run one job as if it were `now` (an ISO
  // instant). The jobs take the time as an argument and never read the clock themselves.
  refresh: ({ job, now }) => runJobs(job ? [job] : Object.keys(JOBS), now ? new Date(now) : null),
};

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = sender.id === ext.runtime.id ? MESSAGES[message?.type] : undefined;
  if (!handler) return false;
  Promise.resolve(handler(message, sender)).then(
    (result) => sendResponse({ ok: true, result }),
    (error) => sendResponse({ ok: false, error: String(error?.message ?? error) }),
  );
  return true; // the answer comes later
});

ext.alarms.onAlarm.addListener((alarm) => {
  if (Object.hasOwn(JOBS, alarm.name)) runJob(alarm.name, new Date());
});

ext.notifications.onClicked.addListener(async (notificationId) => {
  const url = pageOfNotification(notificationId);
  if (url) await openPage(url);
  await ext.notifications.clear(notificationId);
});

ext.runtime.onInstalled.addListener(async ({ reason }) => {
  const { token } = await readSettings();
  if (reason === "install" && !token) await ext.runtime.openOptionsPage();
  await scheduleJobs();
});

ext.runtime.onStartup.addListener(scheduleJobs);
onSettingsChanged(() => runJobs(Object.keys(JOBS)));

async function scheduleJobs() {
  for (const [name, job] of Object.entries(JOBS)) {
    await ext.alarms.create(name, { periodInMinutes: job.everyMinutes, delayInMinutes: 0.1 });
  }
}

/** The latest run of each job: a job waits for its previous run, so none overlaps itself. */
const running = new Map();

function runJob(name, now) {
  const run = (running.get(name) ?? Promise.resolve())
    .catch(() => {}) // the previous run's failure was reported to whoever asked for it
    .then(() => JOBS[name].run(now));
  running.set(name, run);
  return run;
}

/** Run jobs as of `now` (default: the present) and answer what each did: name -> outcome. */
async function runJobs(names, now = null) {
  const unknown = names.filter((name) => !Object.hasOwn(JOBS, name));
  if (unknown.length) throw new Error(`No such job: ${unknown.join(", ")}`);
  const outcomes = await Promise.allSettled(names.map((name) => runJob(name, now ?? new Date())));
  return Object.fromEntries(
    names.map((name, index) => {
      const { status, value, reason } = outcomes[index];
      return [name, status === "fulfilled" ? { result: value } : { error: String(reason) }];
    }),
  );
}

async function openPage(url) {
  const tab = await ext.tabs.create({ url });
  return tab.id;
}

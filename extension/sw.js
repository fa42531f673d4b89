/**
 * The background worker: one table of messages, one table of periodic jobs.
 *
 * Pages ask for things through MESSAGES; work that runs on a timer is a JOBS entry, run by the
 * one alarm handler, scheduled while the browser runs and run at once after anything changes
 * (a pairing, the daemon address, a record saved from the popup). A later feature adds one
 * entry: the pre-meeting notification reads `GET /meetings/upcoming`, the toolbar badge counts
 * `GET /due` items for today.
 */
import { Daemon } from "./lib/api.js";
import { ext } from "./lib/browser.js";
import { onSettingsChanged, readSettings } from "./lib/settings.js";

/** name -> {everyMinutes, run()}: each runs on its alarm and on a "refresh" message. */
const JOBS = {
  connection: { everyMinutes: 10, run: showConnectionInTitle },
};

/** type -> handler(message, sender): what the extension's pages ask of the worker. */
const MESSAGES = {
  "open-card": ({ personId }) => openCard(personId),
  refresh: () => runJobs(),
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

ext.alarms.onAlarm.addListener((alarm) => JOBS[alarm.name]?.run());

ext.runtime.onInstalled.addListener(async ({ reason }) => {
  await scheduleJobs();
  const { token } = await readSettings();
  if (reason === "install" && !token) await ext.runtime.openOptionsPage();
});

ext.runtime.onStartup.addListener(scheduleJobs);
onSettingsChanged(() => runJobs());

async function scheduleJobs() {
  for (const [name, job] of Object.entries(JOBS)) {
    await ext.alarms.create(name, { periodInMinutes: job.everyMinutes, delayInMinutes: 0.1 });
  }
}

async function runJobs() {
  await Promise.allSettled(Object.values(JOBS).map((job) => job.run()));
}

/** The toolbar tooltip says whether Rapport is reachable, before the user even clicks. */
async function showConnectionInTitle() {
  const daemon = await Daemon.fromSettings();
  let title = "Rapport";
  if (!daemon.paired) {
    title = "Rapport: not paired yet (open Options to pair)";
  } else {
    try {
      await daemon.verify();
    } catch (error) {
      title = `Rapport: ${error.message}`;
    }
  }
  await ext.action.setTitle({ title });
  return title;
}

async function openCard(personId) {
  const url = ext.runtime.getURL(`card/card.html?person=${encodeURIComponent(personId)}`);
  const tab = await ext.tabs.create({ url });
  return tab.id;
}

/** The toolbar tooltip says whether Rapport is reachable, before the user even clicks. */
import { Daemon } from "../lib/api.js";
import { ext } from "../lib/browser.js";

export async function showConnectionInTitle() {
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

/**
 * Reading the page the user clicked Rapport on: once, on click, never in the background.
 *
 * The popup injects one function into the tab (`activeTab` grants that for the clicked tab
 * only) and gets back the rendered HTML, URL, title and text selection. Parsing sites is the
 * daemon's job; nothing here knows what a LinkedIn page looks like.
 */
import { ext } from "./browser.js";

/** Well under the daemon's 8 MiB body limit, after JSON escaping. */
const MAX_HTML_BYTES = 6 * 1024 * 1024;
const MAX_SELECTION = 100_000;
const STORES = ["chromewebstore.google.com", "chrome.google.com", "addons.mozilla.org"];

export class UnreadablePage extends Error {}

/**
 * The tab the popup is about: the active tab of its window, or the one named by `?tab=ID`
 * when the popup is opened as a page of its own (the browser tests do that).
 */
export async function targetTab() {
  const named = Number(new URLSearchParams(location.search).get("tab"));
  if (named) return ext.tabs.get(named);
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab;
}

/** `{url, title, html, selection}` of the tab, or UnreadablePage saying why not. */
export async function readTab(tab) {
  refuseUnreadable(tab.url);
  let results;
  try {
    results = await ext.scripting.executeScript({
      target: { tabId: tab.id },
      func: readRenderedPage,
      args: [MAX_HTML_BYTES, MAX_SELECTION],
    });
  } catch {
    throw new UnreadablePage("The browser does not let extensions read this page.");
  }
  const page = results?.[0]?.result;
  if (!page) throw new UnreadablePage("The browser does not let extensions read this page.");
  if (!/^(text\/html|application\/xhtml\+xml)$/.test(page.contentType)) {
    throw new UnreadablePage("Rapport reads web pages, not PDF files, images or other documents.");
  }
  const { url, title, html, selection } = page;
  return { url, title, html, selection };
}

function refuseUnreadable(url) {
  if (url === undefined) return; // unknown until we try: activeTab may still allow it
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new UnreadablePage("This tab has no web page in it.");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UnreadablePage(
      "This is a browser page (a new tab, settings, a file or a PDF viewer), not a web page.",
    );
  }
  if (STORES.includes(parsed.hostname)) {
    throw new UnreadablePage("The browser does not let extensions read its extension store.");
  }
}

/**
 * Runs inside the tab, so it must stand alone (no imports, no closure). Bounded in size: when
 * the page is larger than `maxBytes` it drops what no adapter reads (styles, SVG, code) and
 * then keeps the start, where the head's structured data and the profile's top card are.
 */
function readRenderedPage(maxBytes, maxSelection) {
  const encoder = new TextEncoder();
  let html = document.documentElement.outerHTML;
  if (encoder.encode(html).length > maxBytes) {
    const copy = document.documentElement.cloneNode(true);
    copy
      .querySelectorAll('style, svg, noscript, link, script:not([type*="json"])')
      .forEach((node) => node.remove());
    html = copy.outerHTML;
    const bytes = encoder.encode(html);
    if (bytes.length > maxBytes) {
      html = new TextDecoder().decode(bytes.slice(0, maxBytes)).replace(/\uFFFD$/, "");
    }
  }
  return {
    url: location.href,
    title: document.title,
    html,
    selection: String(window.getSelection() ?? "").slice(0, maxSelection),
    contentType: document.contentType,
  };
}

/** The WebExtension API: `browser` in Firefox, `chrome` in Chromium (both return promises). */
export const ext = globalThis.browser ?? globalThis.chrome;

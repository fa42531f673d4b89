/**
 * The one client of the Rapport daemon, used by the popup, the options page, the card page and
 * the service worker.
 *
 * Before it sends a token or a page it asks the daemon to prove it is the daemon this browser
 * paired with (`GET /whoami`): any local program could have taken the port first. Every failure
 * becomes an `ApiError` whose message is the daemon's own sentence, or one of ours that says
 * what to do; never "Failed to fetch".
 */
import { readSettings } from "./settings.js";

const API = "/api/v1";
const TIMEOUT_MS = 10_000;
const CAPTURE_TIMEOUT_MS = 30_000;

/** Codes the extension gives failures the daemon could not name itself. */
export const UNREACHABLE = "daemon_unreachable";
export const NOT_PAIRED = "not_paired";
const NOT_OUR_DAEMON = "not_our_daemon";

export class ApiError extends Error {
  constructor({ status = 0, code, message, field = null }) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export class Daemon {
  /** @param {{daemonUrl: string, clientId?: string|null, token?: string|null}} settings */
  constructor({ daemonUrl, clientId = null, token = null }) {
    this.baseUrl = daemonUrl;
    this.clientId = clientId;
    this.token = token;
    this.verified = null;
  }

  static async fromSettings() {
    return new Daemon(await readSettings());
  }

  get paired() {
    return Boolean(this.clientId && this.token);
  }

  /** `{status, app, version}` from the daemon, without a token. */
  async health() {
    const answer = await this.#fetch("GET", "/health");
    if (answer?.app !== "rapport") {
      throw new ApiError({
        code: NOT_OUR_DAEMON,
        message: `The program at ${this.baseUrl} is not Rapport.`,
      });
    }
    return answer;
  }

  /** Resolve once the daemon proved it holds this browser's token; reject otherwise. */
  verify() {
    this.verified ??= this.#proveIdentity().catch((error) => {
      this.verified = null;
      throw error;
    });
    return this.verified;
  }

  async #proveIdentity() {
    if (!this.paired) {
      throw new ApiError({
        code: NOT_PAIRED,
        message: "This browser is not paired with Rapport yet.",
      });
    }
    const nonce = randomHex(16);
    const query = new URLSearchParams({ client_id: this.clientId, nonce });
    let answer;
    try {
      answer = await this.#fetch("GET", `/whoami?${query}`);
    } catch (error) {
      if (error.code === "not_found") {
        throw new ApiError({
          status: 404,
          code: NOT_PAIRED,
          message:
            "Rapport no longer knows this browser (its token was revoked, or the daemon uses " +
            "another data folder). Pair again in Options.",
        });
      }
      throw error;
    }
    if (answer?.proof !== (await expectedProof(this.token, nonce))) {
      throw new ApiError({
        code: NOT_OUR_DAEMON,
        message:
          `The program answering at ${this.baseUrl} could not prove it is your Rapport, so ` +
          "nothing was sent to it. Check what runs on that port, or pair again.",
      });
    }
  }

  /** A request with the token, sent only to a verified daemon. */
  async call(method, path, body, options = {}) {
    await this.verify();
    try {
      return await this.#fetch(method, path, body, { ...options, token: this.token });
    } catch (error) {
      if (error.status === 401) {
        throw new ApiError({
          status: 401,
          code: NOT_PAIRED,
          message: `${error.message} Pair again in Options.`,
        });
      }
      throw error;
    }
  }

  // Pairing: no token yet, so no proof to ask for.
  startPairing(clientName) {
    return this.#fetch("POST", "/pairing", { client_name: clientName });
  }

  confirmPairing(pairingId, code) {
    const body = code ? { code } : {};
    return this.#fetch("POST", `/pairing/${encodeURIComponent(pairingId)}/confirm`, body);
  }

  // What the screens ask for, one line each so that every route the extension uses is here.
  capture(page, { save, engagement } = {}) {
    const body = { ...page, save: Boolean(save), ...(engagement ? { engagement } : {}) };
    return this.call("POST", "/capture", body, { timeoutMs: CAPTURE_TIMEOUT_MS });
  }

  card(personId) {
    return this.call("GET", `/people/${encodeURIComponent(personId)}/card`);
  }

  createPerson(person) {
    return this.call("POST", "/people", person);
  }

  updatePerson(personId, changes) {
    return this.call("PATCH", `/people/${encodeURIComponent(personId)}`, changes);
  }

  logInteraction(interaction) {
    return this.call("POST", "/interactions", interaction);
  }

  addPromise(promise) {
    return this.call("POST", "/promises", promise);
  }

  updatePromise(promiseId, changes) {
    return this.call("PATCH", `/promises/${encodeURIComponent(promiseId)}`, changes);
  }

  addReminder(reminder) {
    return this.call("POST", "/reminders", reminder);
  }

  /** Timed meetings starting within `minutes` from now, soonest first, with the line to keep. */
  upcomingMeetings(minutes) {
    return this.call(
      "GET",
      `/meetings/upcoming?${new URLSearchParams({ within_minutes: minutes })}`,
    );
  }

  /** Meetings starting between two ISO instants, by start. */
  meetings(from, to) {
    return this.call("GET", `/meetings?${new URLSearchParams({ from, to })}`);
  }

  meetingCard(meetingId) {
    return this.call("GET", `/meetings/${encodeURIComponent(meetingId)}/card`);
  }

  updateMeeting(meetingId, changes) {
    return this.call("PATCH", `/meetings/${encodeURIComponent(meetingId)}`, changes);
  }

  logMeeting(meetingId, log) {
    return this.call("POST", `/meetings/${encodeURIComponent(meetingId)}/log`, log);
  }

  /** What to follow through on by `until` (an ISO instant): `{items, total}`. */
  due(until) {
    return this.call("GET", `/due?${new URLSearchParams({ until })}`);
  }

  /** The weekly digest as JSON; `week` like `2026-W10`, or null for this week. */
  digest(week) {
    return this.call("GET", week ? `/digest?${new URLSearchParams({ week })}` : "/digest");
  }

  async #fetch(method, path, body, { token = null, timeoutMs = TIMEOUT_MS } = {}) {
    const headers = { Accept: "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(`${this.baseUrl}${API}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        credentials: "omit",
        cache: "no-store",
      });
    } catch (error) {
      throw this.#unreachable(error, timeoutMs);
    }
    const answer = await response.json().catch(() => undefined);
    if (response.ok) return answer;
    const envelope = answer?.error;
    if (typeof envelope?.message === "string") {
      throw new ApiError({
        status: response.status,
        code: envelope.code ?? "error",
        message: asSentence(envelope.message),
        field: envelope.field ?? null,
      });
    }
    throw new ApiError({
      status: response.status,
      code: NOT_OUR_DAEMON,
      message:
        `${this.baseUrl} answered HTTP ${response.status} without a Rapport error: ` +
        "is another program on that port?",
    });
  }

  #unreachable(error, timeoutMs) {
    if (error?.name === "TimeoutError") {
      return new ApiError({
        code: "daemon_timeout",
        message: `Rapport at ${this.baseUrl} did not answer within ${timeoutMs / 1000} s.`,
      });
    }
    return new ApiError({
      code: UNREACHABLE,
      message: `Rapport is not running at ${this.baseUrl}.`,
    });
  }
}

/** hex(HMAC-SHA256(key = hex(sha256(token)), message = nonce)), as the daemon computes it. */
async function expectedProof(token, nonce) {
  const encoder = new TextEncoder();
  const tokenHash = toHex(await crypto.subtle.digest("SHA-256", encoder.encode(token)));
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(tokenHash),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return toHex(await crypto.subtle.sign("HMAC", key, encoder.encode(nonce)));
}

/** The daemon writes terse clauses ("wrong code; 4 attempts left"): show them as sentences. */
function asSentence(text) {
  const trimmed = String(text).trim();
  if (!trimmed) return "Rapport refused the request.";
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function randomHex(bytes) {
  return toHex(crypto.getRandomValues(new Uint8Array(bytes)));
}

function toHex(buffer) {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

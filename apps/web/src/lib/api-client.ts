/**
 * The one way the app talks to the API: JSON in and out, the session cookie (same origin), the CSRF
 * token on every state-changing request, and every failure turned into an `ApiError` with the API's
 * stable code. A 401 outside the sign-in calls sends the person to the sign-in page; an organization's
 * refusal of the way they signed in (Microsoft required, tenant refused) to a page that explains it.
 */

import type { components } from "../api/schema.gen";

export interface ApiIssue {
  readonly path: string;
  readonly message: string;
}

/** A problem of an input file, as `specready check` reports it (with 422 `import.invalid`). */
export type ApiProblem = components["schemas"]["Problem"];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: readonly ApiIssue[];
  readonly problems: readonly ApiProblem[];
  /** How many problems there are in all when `problems` is capped. */
  readonly problemTotal: number | null;
  /** Seconds to wait before trying again (429), when the server said. */
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    issues: readonly ApiIssue[] = [],
    retryAfterSeconds: number | null = null,
    problems: readonly ApiProblem[] = [],
    problemTotal: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.retryAfterSeconds = retryAfterSeconds;
    this.problems = problems;
    this.problemTotal = problemTotal;
  }
}

const FALLBACK_MESSAGES: Readonly<Record<number, string>> = {
  400: "The request was not accepted.",
  401: "Please sign in.",
  403: "Your role does not allow this.",
  404: "This was not found, or it belongs to another organization.",
  409: "This conflicts with the current state. Reload and try again.",
  412: "Someone else changed this since you loaded it; nothing was saved. Reload and try again.",
  413: "The file is larger than the server accepts.",
  422: "The input has problems.",
  429: "Too many attempts. Wait a moment and try again.",
  500: "The server failed. Try again; if it keeps failing, tell your administrator.",
  502: "The server cannot be reached right now.",
  503: "The server's database is unreachable. Try again in a moment.",
  504: "The server took too long to answer.",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Seconds from a `Retry-After` header (seconds or an HTTP date); null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === "") return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Maps an error response to an `ApiError`: the API's `{error:{code,message,issues}}` when the body has
 * it, otherwise a message that fits the status (a proxy's HTML error page carries nothing to show).
 */
export function toApiError(status: number, body: unknown, retryAfter: string | null = null): ApiError {
  const retry = parseRetryAfter(retryAfter);
  if (isRecord(body) && isRecord(body.error)) {
    const e = body.error;
    const code = typeof e.code === "string" ? e.code : `http.${status}`;
    const message =
      typeof e.message === "string" && e.message !== ""
        ? e.message
        : (FALLBACK_MESSAGES[status] ?? `The server answered ${status}.`);
    const issues = Array.isArray(e.issues)
      ? e.issues.filter(isRecord).map((i) => ({
          path: Array.isArray(i.path) ? i.path.join(".") : String(i.path ?? ""),
          message: String(i.message ?? ""),
        }))
      : [];
    const problems = Array.isArray(e.problems)
      ? e.problems.filter(isRecord).map((p) => ({
          file: String(p.file ?? ""),
          ...(typeof p.line === "number" ? { line: p.line } : {}),
          ...(typeof p.column === "string" ? { column: p.column } : {}),
          code: String(p.code ?? ""),
          message: String(p.message ?? ""),
        }))
      : [];
    const total = typeof e.problemTotal === "number" ? e.problemTotal : null;
    return new ApiError(status, code, message, issues, retry, problems, total);
  }
  return new ApiError(
    status,
    `http.${status}`,
    FALLBACK_MESSAGES[status] ?? `The server answered ${status}.`,
    [],
    retry,
  );
}

/** A failure to reach the server at all (offline, DNS, connection refused). */
export function networkError(): ApiError {
  return new ApiError(0, "network", "Cannot reach the server. Check your connection and try again.");
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;
let onSignInRefused: ((refusal: SignInRefusal) => void) | null = null;

/**
 * Why an organization refuses this session (a 403 of the API): it requires signing in with Microsoft
 * and this is a password session, or it does not accept the Microsoft tenant signed in from.
 */
export type SignInRefusal = "entra_required" | "entra_tenant_refused";

/** The refusal an error is, or null for any other error. */
export function signInRefusalOf(error: unknown): SignInRefusal | null {
  if (!(error instanceof ApiError) || error.status !== 403) return null;
  if (error.code === "auth.entra_required") return "entra_required";
  if (error.code === "auth.entra_tenant_refused") return "entra_tenant_refused";
  return null;
}

/** The session's CSRF token, sent as `X-CSRF-Token` on every POST, PUT, PATCH and DELETE. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** What happens on a 401 outside the sign-in calls (the app sends the person to the sign-in page). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export function handleUnauthorized(): void {
  onUnauthorized?.();
}

/** What happens when an organization refuses the session's way of signing in (the app explains it). */
export function setSignInRefusedHandler(handler: ((refusal: SignInRefusal) => void) | null): void {
  onSignInRefused = handler;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export function isStateChanging(method: string): boolean {
  return method !== "GET" && method !== "HEAD" && method !== "OPTIONS";
}

export interface RequestOptions {
  readonly method?: HttpMethod;
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string | number | null | undefined>>;
  readonly signal?: AbortSignal;
  /** A 401 is an answer, not a reason to leave the page (reading the session, signing in). */
  readonly allowUnauthorized?: boolean;
  /**
   * The ETag of what an edit is based on, sent as `If-Match`: the server applies the change only while
   * that is still the current version, else answers 412 (`isStale`).
   */
  readonly ifMatch?: string | null;
}

/** `/api/orgs/1/activity` + `{action: "x", before: undefined}` → `/api/orgs/1/activity?action=x`. */
export function apiUrl(path: string, query?: RequestOptions["query"]): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const text = params.toString();
  return text === "" ? path : `${path}?${text}`;
}

/** Headers every request sends: JSON accepted, and the CSRF token on state-changing ones. */
export function requestHeaders(method: string, hasJsonBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (hasJsonBody) headers["Content-Type"] = "application/json";
  if (isStateChanging(method) && csrfToken !== null) headers["X-CSRF-Token"] = csrfToken;
  return headers;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Calls the API; resolves with the parsed JSON (undefined for 204), rejects with an `ApiError`. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await send<T>(path, options)).data;
}

/** A resource with the version it was read at (its ETag), for an edit to send back as `If-Match`. */
export type Versioned<T> = T & { readonly etag: string | null };

/** Like `api` for a JSON object, with the response's ETag added as `etag`. */
export async function apiVersioned<T extends object>(
  path: string,
  options: RequestOptions = {},
): Promise<Versioned<T>> {
  const { data, etag } = await send<T>(path, options);
  return { ...data, etag };
}

/** Whether an error is the server's 412: the edit was based on a version someone else has since changed. */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412;
}

let earlyAnswers: Map<string, Promise<Response>> | null = null;

/**
 * Answers to GET requests started before the app ran (first-requests.ts, index.html's first script),
 * by URL: the app's next read of such a URL takes its answer instead of asking again, once.
 */
export function adoptEarlyAnswers(answers: ReadonlyMap<string, Promise<Response>>): void {
  earlyAnswers ??= new Map();
  for (const [url, answer] of answers) earlyAnswers.set(url, answer);
}

/**
 * Forgets the early answers not taken (the first load is asked for): every later read asks the server,
 * so an answer from before (a 401 before signing in, data from minutes ago) never stands for a new one.
 */
export function forgetEarlyAnswers(): void {
  earlyAnswers = null;
}

function takeEarlyAnswer(method: string, url: string): Promise<Response> | undefined {
  if (method !== "GET" || earlyAnswers === null) return undefined;
  const answer = earlyAnswers.get(url);
  earlyAnswers.delete(url);
  return answer;
}

async function send<T>(path: string, options: RequestOptions): Promise<{ data: T; etag: string | null }> {
  const method = options.method ?? "GET";
  const hasBody = options.body !== undefined;
  const headers = requestHeaders(method, hasBody);
  if (options.ifMatch !== undefined && options.ifMatch !== null) headers["If-Match"] = options.ifMatch;
  const url = apiUrl(path, options.query);
  const early = takeEarlyAnswer(method, url);
  let response: Response;
  try {
    response = await (early ??
      fetch(url, {
        method,
        credentials: "same-origin",
        headers,
        body: hasBody ? JSON.stringify(options.body) : undefined,
        signal: options.signal,
      }));
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw networkError();
  }
  if (response.ok) {
    const etag = response.headers.get("ETag");
    if (response.status === 204) return { data: undefined as T, etag };
    return { data: (await readJson(response)) as T, etag };
  }
  const error = toApiError(response.status, await readJson(response), response.headers.get("Retry-After"));
  if (response.status === 401 && !options.allowUnauthorized) handleUnauthorized();
  const refusal = signInRefusalOf(error);
  if (refusal !== null) onSignInRefused?.(refusal);
  throw error;
}

/** A person-facing sentence for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message !== "") return error.message;
  return "Something went wrong.";
}

/** A 400's issues by field (`{email: "Enter an email address."}`), for the form's validation messages. */
export function fieldErrors(error: unknown): Readonly<Record<string, string>> {
  if (!(error instanceof ApiError)) return {};
  const byField: Record<string, string> = {};
  for (const i of error.issues) {
    if (i.path !== "" && byField[i.path] === undefined) byField[i.path] = i.message;
  }
  return byField;
}

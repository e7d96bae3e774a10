import type { Worker } from "node:worker_threads";
import { AppError } from "../errors/app-error.js";
import { startThread, threadEntry } from "../threads/start-thread.js";
import { addressKey } from "./address-key.js";
import type { EstimateAnswer, EstimateRequest } from "./password-strength-worker.js";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * zxcvbn's estimate (score 0 to 4) a password must reach: 3 stands for about 10^10 guesses, out of
 * reach of an online attacker and expensive offline against argon2id.
 */
const MIN_SCORE = 3;

/** What zxcvbn made of a password. */
export interface Estimate {
  readonly score: number;
  readonly warning: string | null;
  readonly suggestions: readonly string[];
}

export interface PasswordEstimatorOptions {
  /** The thread ends after this long without a password to estimate (default 15 s). */
  readonly idleMs?: number;
  /** An estimate the thread has not answered this long after it was given it fails (default 15 s). */
  readonly timeoutMs?: number;
  /** Estimates waiting at most, the running one included; one more is refused at once (default 16). */
  readonly maxWaiting?: number;
  /**
   * Estimates waiting at most from one address (its `addressKey`: an IPv6 client by its /64), the
   * running one included; one more from it is refused at once with a 429 (default 2).
   */
  readonly maxWaitingPerAddress?: number;
  /**
   * Estimates waiting at most for one account (the email whose password is set), the running one
   * included; one more is refused at once with a 429 (default 1). Someone holding a link to set a
   * password has one estimate at a time, from however many addresses: filling the queue and making
   * everyone else's "try again" takes as many accounts' links as it has places (and, with the limit by
   * address, half as many networks).
   */
  readonly maxWaitingPerAccount?: number;
  /** The thread's entry (tests give one that stands for zxcvbn); default: password-strength-worker. */
  readonly workerUrl?: URL;
}

/** Whose estimate it is, for the limits by address and by account (none: the command line's). */
export interface EstimateFrom {
  /** The client's `addressKey` (undefined when not known: only the limit of all applies). */
  readonly address: string | undefined;
  /** The account whose password is set: its email, lower-cased. */
  readonly account: string;
}

/** A limit by address or account reached: a 429 for that requester alone, the others answered. */
const busy = () =>
  new AppError(
    429,
    "password.check_busy",
    "A new password from your network or for this account is still being checked. Try again in a few seconds.",
    { retryAfterSeconds: 5 },
  );

const unavailable = () =>
  new AppError(
    503,
    "password.check_unavailable",
    "The new password could not be checked just now. Try again in a minute.",
  );

interface Waiting {
  readonly request: EstimateRequest;
  resolve(e: Estimate): void;
  reject(e: Error): void;
}

/**
 * Estimates passwords on a thread of its own, started when one is asked for and ended once idle
 * (`idleMs`): zxcvbn's dictionaries take about 29 MB of heap and 60 MB of memory, which a server that
 * set one password would otherwise keep for its whole life (and its collector would trace at every
 * full collection), and an estimate runs 70 ms for a short password and up to a second for 100 random
 * characters, which on the request thread held up every request meanwhile.
 *
 * The estimates wait here, in order, and the thread is given one at a time. One it has not answered
 * within `timeoutMs` fails, and the thread is ended (it may be stuck) and another started for the rest;
 * past `maxWaiting`, an estimate is refused at once, and past `maxWaitingPerAddress` or
 * `maxWaitingPerAccount` one from that address or for that account (a 429 for them alone). A person sees
 * "try again" (a 503 or 429), never a password let through unchecked.
 */
export class PasswordEstimator {
  private worker: Worker | undefined;
  private idle: NodeJS.Timeout | undefined;
  private next = 1;
  private readonly queue: Waiting[] = [];
  /** Estimates waiting (the running one included) by address (`address …`) and account (`account …`). */
  private readonly byKey = new Map<string, number>();
  /** The estimate the thread is working on, and when it fails if not answered. */
  private current: { readonly entry: Waiting; readonly timer: NodeJS.Timeout } | undefined;
  private closed = false;

  constructor(private readonly options: PasswordEstimatorOptions = {}) {}

  /** Whether the thread is running (for tests). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Estimates waiting, the running one included: all, or those from one address or for one account. */
  waiting(of?: { readonly address: string } | { readonly account: string }): number {
    if (of === undefined) return this.queue.length + (this.current === undefined ? 0 : 1);
    return this.byKey.get("address" in of ? `address ${of.address}` : `account ${of.account}`) ?? 0;
  }

  /**
   * zxcvbn's estimate of `password`, `userInputs` counting as known words. An estimate `from` a client
   * is held to `maxWaitingPerAddress` and `maxWaitingPerAccount` at once; the command line's to the limit
   * of all only.
   */
  estimate(password: string, userInputs: readonly string[], from?: EstimateFrom): Promise<Estimate> {
    if (this.closed || this.waiting() >= (this.options.maxWaiting ?? 16))
      return Promise.reject(unavailable());
    // Each key this estimate counts under, with the most it may have waiting.
    const limits: [string, number][] = [];
    if (from?.address !== undefined)
      limits.push([`address ${from.address}`, this.options.maxWaitingPerAddress ?? 2]);
    if (from !== undefined) limits.push([`account ${from.account}`, this.options.maxWaitingPerAccount ?? 1]);
    if (limits.some(([key, most]) => (this.byKey.get(key) ?? 0) >= most)) return Promise.reject(busy());
    const keys = limits.map(([key]) => key);
    for (const key of keys) this.byKey.set(key, (this.byKey.get(key) ?? 0) + 1);
    const settled = () => {
      for (const key of keys) {
        const left = (this.byKey.get(key) ?? 1) - 1;
        if (left > 0) this.byKey.set(key, left);
        else this.byKey.delete(key);
      }
    };
    return new Promise<Estimate>((resolve, reject) => {
      this.queue.push({
        request: { id: this.next++, password, userInputs },
        resolve: (estimate) => {
          settled();
          resolve(estimate);
        },
        reject: (error) => {
          settled();
          reject(error);
        },
      });
      this.pump();
    });
  }

  /** Ends the thread now; estimates waiting fail, and later ones are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.queue.splice(0)) entry.reject(unavailable());
    this.settleCurrent(unavailable());
    const worker = this.worker;
    this.worker = undefined;
    this.clearIdle();
    await worker?.terminate();
  }

  /** Gives the thread the next estimate, starting it if needed; rests it when there is none. */
  private pump(): void {
    if (this.current !== undefined) return;
    const entry = this.queue.shift();
    if (entry === undefined) {
      if (this.worker !== undefined) this.rest(this.worker);
      return;
    }
    let worker: Worker;
    try {
      worker = this.start();
    } catch (error) {
      console.error("specready: the password-strength thread could not start:", error);
      entry.reject(unavailable());
      this.pump();
      return;
    }
    const timer = setTimeout(() => {
      // Stuck, or far too slow: this estimate fails; the thread goes, and another takes the rest.
      this.settleCurrent(unavailable());
      this.end(worker);
      this.pump();
    }, this.options.timeoutMs ?? 15_000);
    this.current = { entry, timer };
    worker.postMessage(entry.request);
  }

  private start(): Worker {
    this.clearIdle();
    if (this.worker !== undefined) {
      this.worker.ref();
      return this.worker;
    }
    const url = this.options.workerUrl ?? threadEntry("password-strength-worker", import.meta.url);
    const worker = startThread(url, {
      // The dictionaries need about 30 MB: a bound, should anything in zxcvbn run away.
      resourceLimits: { maxOldGenerationSizeMb: 128 },
    });
    worker.on("message", (answer: EstimateAnswer) => {
      if (this.worker !== worker || this.current?.entry.request.id !== answer.id) return;
      if (answer.ok) this.settleCurrent(undefined, answer);
      else {
        console.error(`specready: estimating a password failed (${answer.message})`);
        this.settleCurrent(unavailable());
      }
      this.pump();
    });
    worker.on("error", (error) => {
      console.error("specready: the password-strength thread failed:", error);
    });
    worker.on("exit", () => {
      if (this.worker !== worker) return;
      // Ended on its own (a crash, its memory limit): what it was working on fails, the rest go on.
      this.worker = undefined;
      this.clearIdle();
      this.settleCurrent(unavailable());
      this.pump();
    });
    this.worker = worker;
    return worker;
  }

  private settleCurrent(error: Error | undefined, estimate?: Estimate): void {
    const current = this.current;
    if (current === undefined) return;
    this.current = undefined;
    clearTimeout(current.timer);
    if (estimate !== undefined) current.entry.resolve(estimate);
    else current.entry.reject(error ?? unavailable());
  }

  /** Idle: the thread no longer keeps the process running, and ends after `idleMs`. */
  private rest(worker: Worker): void {
    worker.unref();
    this.clearIdle();
    this.idle = setTimeout(() => this.end(worker), this.options.idleMs ?? 15_000);
    this.idle.unref();
  }

  private end(worker: Worker): void {
    if (this.worker === worker) {
      this.worker = undefined;
      this.clearIdle();
    }
    worker.terminate().catch(() => undefined);
  }

  private clearIdle(): void {
    if (this.idle !== undefined) clearTimeout(this.idle);
    this.idle = undefined;
  }
}

/** The pieces of a person's email and name a password must not be made of. */
function personalWords(person: { email: string; name?: string | undefined }): string[] {
  const email = person.email.trim().toLowerCase();
  const local = email.split("@")[0] ?? "";
  const name = (person.name ?? "").trim().toLowerCase();
  const words = [
    email,
    local,
    name,
    name.replace(/\s+/g, ""),
    ...`${email} ${name}`.split(/[^\p{L}\p{N}]+/u),
  ];
  return [...new Set(words.filter((w) => w.length >= 3)), "specready"];
}

/**
 * What is wrong with a new password, in words a person can act on, or `undefined` when it will do: at
 * least 12 and at most 200 characters, not the person's email or name (nor built on them), and not
 * common or guessable by zxcvbn's estimate (`password1234`, `aaaaaaaaaaaa`, keyboard runs, a common
 * word with a year).
 */
export async function passwordProblem(
  password: string,
  person: { email: string; name?: string | undefined },
  estimator: PasswordEstimator,
  /**
   * The client's address (`clientAddress`) when a request asks: the estimate is then held to the limits
   * by address and by account (`person.email`). None for the command line.
   */
  address?: string,
): Promise<string | undefined> {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  const words = personalWords(person);
  const local = person.email.trim().toLowerCase().split("@")[0] ?? "";
  const name = (person.name ?? "").trim().toLowerCase();
  if (
    lower.includes(person.email.trim().toLowerCase()) ||
    (local.length >= 4 && lower.includes(local)) ||
    (name.length >= 4 && (lower.includes(name) || lower.includes(name.replace(/\s+/g, ""))))
  )
    return "must not contain your email address or your name";
  const from =
    address === undefined
      ? undefined
      : { address: addressKey(address), account: person.email.trim().toLowerCase() };
  const result = await estimator.estimate(password, words, from);
  if (result.score >= MIN_SCORE) return undefined;
  const why = result.warning ?? "It would be guessed quickly.";
  const how = result.suggestions[0] ?? "Add more words that are less common.";
  return `is too easy to guess: ${lowerFirst(why)} ${how}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]?.toLowerCase() + text.slice(1) : text;
}

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError } from "../errors/app-error.js";
import type { EstimateAnswer, EstimateRequest } from "./password-strength-worker.js";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * zxcvbn's estimate (score 0 to 4) a password must reach: 3 stands for about 10^10 guesses, out of
 * reach of an online attacker and expensive offline against argon2id.
 */
const MIN_SCORE = 3;

// The thread's entry: compiled beside this module, or its TypeScript source (the tests), which Node
// runs with its types stripped (it imports nothing of specready's).
const COMPILED = new URL("./password-strength-worker.js", import.meta.url);
const SOURCE = new URL("./password-strength-worker.ts", import.meta.url);

/** What zxcvbn made of a password. */
export interface Estimate {
  readonly score: number;
  readonly warning: string | null;
  readonly suggestions: readonly string[];
}

export interface PasswordEstimatorOptions {
  /** The thread ends after this long without a password to estimate (default 15 s). */
  readonly idleMs?: number;
  /** An estimate not answered this long after it was asked for fails (default 15 s). */
  readonly timeoutMs?: number;
  /** Estimates waiting at most; one more is refused at once (default 16). */
  readonly maxWaiting?: number;
}

const unavailable = () =>
  new AppError(
    503,
    "password.check_unavailable",
    "The new password could not be checked just now. Try again in a minute.",
  );

/**
 * Estimates passwords on a thread of its own, started when one is asked for and ended once idle
 * (`idleMs`): zxcvbn's dictionaries take about 29 MB of heap and 60 MB of memory, which a server that
 * set one password would otherwise keep for its whole life (and its collector would trace at every
 * full collection), and an estimate runs 70 ms for a short password and up to seconds for 200 random
 * characters, which on the request thread held up every request meanwhile. One estimate at a time, in
 * order; one not answered within `timeoutMs` ends the thread (the next starts another) and fails, as
 * do estimates past `maxWaiting`: a person sees "try again", never a password let through unchecked.
 */
export class PasswordEstimator {
  private worker: Worker | undefined;
  private idle: NodeJS.Timeout | undefined;
  private next = 1;
  private readonly waiting = new Map<
    number,
    { resolve(e: Estimate): void; reject(e: Error): void; timer: NodeJS.Timeout }
  >();

  constructor(private readonly options: PasswordEstimatorOptions = {}) {}

  /** Whether the thread is running (for tests and the memory figures). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  estimate(password: string, userInputs: readonly string[]): Promise<Estimate> {
    if (this.waiting.size >= (this.options.maxWaiting ?? 16)) return Promise.reject(unavailable());
    let worker: Worker;
    try {
      worker = this.start();
    } catch (error) {
      console.error("specready: the password-strength thread could not start:", error);
      return Promise.reject(unavailable());
    }
    const id = this.next++;
    return new Promise<Estimate>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Stuck or far too slow: the thread goes, with whatever else it was asked.
        this.stop(worker);
      }, this.options.timeoutMs ?? 15_000);
      this.waiting.set(id, { resolve, reject, timer });
      const request: EstimateRequest = { id, password, userInputs };
      worker.postMessage(request);
    });
  }

  /** Ends the thread now; estimates waiting fail. */
  async close(): Promise<void> {
    if (this.worker !== undefined) await this.stop(this.worker);
  }

  private start(): Worker {
    if (this.idle !== undefined) clearTimeout(this.idle);
    this.idle = undefined;
    if (this.worker !== undefined) {
      this.worker.ref();
      return this.worker;
    }
    const worker = new Worker(existsSync(fileURLToPath(COMPILED)) ? COMPILED : SOURCE, {
      // The dictionaries need about 30 MB: a bound, should anything in zxcvbn run away.
      resourceLimits: { maxOldGenerationSizeMb: 128 },
    });
    worker.on("message", (answer: EstimateAnswer) => {
      const entry = this.waiting.get(answer.id);
      if (entry === undefined) return;
      this.waiting.delete(answer.id);
      clearTimeout(entry.timer);
      if (answer.ok) entry.resolve(answer);
      else {
        console.error(`specready: estimating a password failed: ${answer.message}`);
        entry.reject(unavailable());
      }
      if (this.waiting.size === 0) this.rest(worker);
    });
    worker.on("error", (error) => {
      console.error("specready: the password-strength thread failed:", error);
    });
    worker.on("exit", () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.idle !== undefined) clearTimeout(this.idle);
      this.idle = undefined;
      this.failWaiting();
    });
    this.worker = worker;
    return worker;
  }

  /** Idle: the thread no longer keeps the process running, and ends after `idleMs`. */
  private rest(worker: Worker): void {
    worker.unref();
    this.idle = setTimeout(() => void this.stop(worker), this.options.idleMs ?? 15_000);
    this.idle.unref();
  }

  private async stop(worker: Worker): Promise<void> {
    if (this.worker === worker) {
      this.worker = undefined;
      if (this.idle !== undefined) clearTimeout(this.idle);
      this.idle = undefined;
      this.failWaiting();
    }
    await worker.terminate();
  }

  private failWaiting(): void {
    for (const entry of this.waiting.values()) {
      clearTimeout(entry.timer);
      entry.reject(unavailable());
    }
    this.waiting.clear();
  }
}

/** The process's estimator (a server's, or a command's). */
const shared = new PasswordEstimator();

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
  estimator: PasswordEstimator = shared,
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
  const result = await estimator.estimate(password, words);
  if (result.score >= MIN_SCORE) return undefined;
  const why = result.warning ?? "It would be guessed quickly.";
  const how = result.suggestions[0] ?? "Add more words that are less common.";
  return `is too easy to guess: ${lowerFirst(why)} ${how}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]?.toLowerCase() + text.slice(1) : text;
}

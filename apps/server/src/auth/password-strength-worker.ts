/*
 * The thread that estimates how guessable a new password is (zxcvbn-ts), started by
 * `PasswordEstimator` when a password is set and ended once idle. Its dictionaries (about 29 MB of
 * heap, 60 MB of memory) live in this thread's heap only, and an estimate (70 ms for a short password,
 * about a second for 100 random characters on a slow core) never holds up the server's requests.
 *
 * No imports of specready's own: this file runs as it is, compiled or from its TypeScript source.
 */
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

/** What the server asks: the password and the words of the person it must not be built on. */
export interface EstimateRequest {
  readonly id: number;
  readonly password: string;
  readonly userInputs: readonly string[];
}

/** What this thread answers: zxcvbn's score (0 to 4) and its feedback, or why it could not. */
export type EstimateAnswer =
  | {
      readonly id: number;
      readonly ok: true;
      readonly score: number;
      readonly warning: string | null;
      readonly suggestions: readonly string[];
    }
  /** `message`: the error's name (`TypeError`), never its text. */
  | { readonly id: number; readonly ok: false; readonly message: string };

const require = createRequire(import.meta.url);

/**
 * zxcvbn-ts with its common dictionaries (the most used passwords, from breach corpora, and diceware
 * words) and the English ones (words, names, Wikipedia and TV terms). Nothing is sent anywhere: the
 * lists ship with the packages.
 */
function load(): ZxcvbnFactory {
  const { ZxcvbnFactory: Factory } = require("@zxcvbn-ts/core") as typeof import("@zxcvbn-ts/core");
  const common = require("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
  const english = require("@zxcvbn-ts/language-en") as typeof import("@zxcvbn-ts/language-en");
  return new Factory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
    // The first 100 characters are estimated (zxcvbn's matching grows faster than the length: 200
    // random characters took 3.5 s, 100 took 0.9 s on one slow core). The rest of a password can only
    // add guesses, so a password is never let through on this account.
    maxLength: 100,
  });
}

if (parentPort === null) throw new Error("password-strength-worker runs as a worker thread only");
const port = parentPort;
let estimator: ZxcvbnFactory | undefined;

port.on("message", (request: EstimateRequest) => {
  let answer: EstimateAnswer;
  try {
    estimator ??= load();
    const result = estimator.check(request.password, [...request.userInputs]);
    answer = {
      id: request.id,
      ok: true,
      score: result.score,
      warning: result.feedback.warning ?? null,
      suggestions: [...result.feedback.suggestions],
    };
  } catch (error) {
    // The kind of error only: its message could quote the password, and the server logs what it gets.
    answer = { id: request.id, ok: false, message: error instanceof Error ? error.name : typeof error };
  }
  port.postMessage(answer);
});

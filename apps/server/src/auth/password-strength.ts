import { createRequire } from "node:module";
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

// The dictionaries are loaded on first use, not at start: about 17 MB of memory an idle server keeps.
const require = createRequire(import.meta.url);

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * zxcvbn's estimate (score 0 to 4) a password must reach: 3 stands for about 10^10 guesses, out of
 * reach of an online attacker and expensive offline against argon2id.
 */
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
/**
 * zxcvbn-ts with its common dictionaries (the most used passwords, from breach corpora, and diceware
 * words) and the English ones (words, names, Wikipedia and TV terms), built on first use (about a
 * second: the dictionaries are large). Nothing is sent anywhere: the lists ship with the packages.
 */
function zxcvbn(): ZxcvbnFactory {
  if (estimator !== undefined) return estimator;
  const { ZxcvbnFactory: Factory } = require("@zxcvbn-ts/core") as typeof import("@zxcvbn-ts/core");
  const common = require("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
  const english = require("@zxcvbn-ts/language-en") as typeof import("@zxcvbn-ts/language-en");
  estimator = new Factory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return estimator;
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
export function passwordProblem(
  password: string,
  person: { email: string; name?: string | undefined },
): string | undefined {
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
  const result = zxcvbn().check(password, words);
  if (result.score >= MIN_SCORE) return undefined;
  const why = result.feedback.warning ?? "It would be guessed quickly.";
  const how = result.feedback.suggestions[0] ?? "Add more words that are less common.";
  return `is too easy to guess: ${lowerFirst(why)} ${how}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]?.toLowerCase() + text.slice(1) : text;
}

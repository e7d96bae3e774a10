import type { Citation } from "./program-definition.js";

/*
 * Citations name members of a data file by path: dot-separated, `*` for every element of an array or
 * every key of a record ("audit.process.*.within.count"). A path also covers everything below it.
 */

/** A member a citation names, with its path and value. */
export interface CitedValue {
  readonly path: string;
  readonly value: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/** The members of a value a path pattern names (none when nothing matches). */
export function resolvePath(root: unknown, pattern: string): CitedValue[] {
  let found: CitedValue[] = [{ path: "", value: root }];
  for (const segment of pattern.split(".")) {
    const next: CitedValue[] = [];
    for (const { path, value } of found) {
      if (!isRecord(value)) continue;
      const keys = segment === "*" ? Object.keys(value) : segment in value ? [segment] : [];
      for (const k of keys)
        next.push({ path: path === "" ? k : `${path}.${k}`, value: (value as Record<string, unknown>)[k] });
    }
    found = next;
  }
  return found;
}

/** Whether a pattern covers a member's path: the pattern, `*` matching any one segment, is a prefix. */
export function covers(pattern: string, path: string): boolean {
  const p = pattern.split(".");
  const s = path.split(".");
  return p.length <= s.length && p.every((seg, i) => seg === "*" || seg === s[i]);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * The paths of the facts in a data file that need a source: numbers, dates and numbers written as text,
 * outside the file's own citations.
 */
export function factPaths(root: unknown, path = ""): string[] {
  if (typeof root === "number") return [path];
  if (typeof root === "string") return DATE.test(root) || DECIMAL.test(root) ? [path] : [];
  if (!isRecord(root)) return [];
  return Object.entries(root).flatMap(([k, v]) =>
    path === "" && k === "citations" ? [] : factPaths(v, path === "" ? k : `${path}.${k}`),
  );
}

/** The facts of a data file that no citation covers. */
export function uncitedFacts(root: unknown, citations: readonly Citation[]): string[] {
  const patterns = citations.flatMap((c) => c.paths);
  return factPaths(root).filter((path) => !patterns.some((p) => covers(p, path)));
}

import { ApiError } from "../../lib/api-client";

export interface SplitIssues<F extends string> {
  /** The first message for each field of the form ("aiServices.2" is reported on "aiServices"). */
  readonly byField: Partial<Record<F, string>>;
  /** Messages that belong to no field of the form, to show above the buttons. */
  readonly other: readonly string[];
}

/**
 * A 400's issues placed on the form's fields: an issue's path starts with the field name (zod reports
 * `aiServices.2` for the third service, `controls` for the list). `aliases` maps API paths to the
 * form's names where they differ (a query parameter `fileName` shown on the file picker).
 */
export function splitIssues<F extends string>(
  error: unknown,
  fields: readonly F[],
  aliases: Readonly<Record<string, F>> = {},
): SplitIssues<F> {
  const byField: Partial<Record<F, string>> = {};
  const other: string[] = [];
  if (!(error instanceof ApiError)) return { byField, other };
  for (const issue of error.issues) {
    const head = issue.path.split(".")[0] ?? "";
    const field = aliases[head] ?? (fields as readonly string[]).find((f) => f === head);
    if (field === undefined) {
      other.push(issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`);
    } else if (byField[field as F] === undefined) {
      byField[field as F] = issue.message;
    }
  }
  return { byField, other };
}

/** "must not be empty" → "Must not be empty." : the API's messages read as sentences under a field. */
export function asSentence(message: string): string {
  const t = message.trim();
  if (t === "") return t;
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

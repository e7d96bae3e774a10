import { z } from "zod";
import { type CalendarDate, monthOf, parseCalendarDate, type YearMonth } from "../calendar/calendar-date.js";
import { isDecimalText } from "../money/decimal.js";
import type { KnowledgeProgram, Program } from "../program/program-definition.js";
import { lookupsOf } from "../rules/program-lookups.js";
import type { UsageSummary } from "../rules/usage-summary.js";
import type { AcrWhatIf } from "./acr-forecast.js";
import type { CertificationWhatIf } from "./certification-plan.js";

/*
 * A what-if scenario, as a JSON file (CLI) or a saved plan's body (API): ACR what-ifs and certifications
 * someone earns. Checked in two steps with every problem named by its field ("acr[1].from"): the shape,
 * then against the data (known customers, known certifications, no what-if in the past).
 */

const month = z
  .string()
  .refine((s) => /^\d{4}-(0[1-9]|1[0-2])$/.test(s), 'must be a month written YYYY-MM, e.g. "2027-01"');
const date = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && parseCalendarDate(s) === s, {
  message: 'must be a date written YYYY-MM-DD, e.g. "2027-01-15"',
});
const customer = z.string().trim().min(1, "must name a customer (its tenant id or its name)").max(200);

const acrWhatIfSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.literal("add"),
      customer,
      customerName: z.string().trim().min(1).max(200).optional(),
      usdPerMonth: z
        .string()
        .refine(isDecimalText, 'must be an amount written as text, e.g. "500" or "-120.50"'),
      from: month,
    }),
    z.strictObject({ type: z.literal("pal"), customer, from: month }),
    z.strictObject({ type: z.literal("stop"), customer, from: month }),
  ],
  { error: 'must be "add", "pal" or "stop"' },
);

export const whatIfScenarioSchema = z.strictObject({
  acr: z.array(acrWhatIfSchema).max(200).default([]),
  certifications: z
    .array(
      z.strictObject({
        person: z.string().trim().min(1, "must name a person (their PersonId)").max(200),
        personName: z.string().trim().min(1).max(200).optional(),
        certification: z.string().trim().min(1, "must name a certification").max(200),
        earnedOn: date,
      }),
    )
    .max(200)
    .default([]),
});

export interface WhatIfScenario {
  readonly acr: readonly AcrWhatIf[];
  readonly certifications: readonly CertificationWhatIf[];
}

export const EMPTY_SCENARIO: WhatIfScenario = { acr: [], certifications: [] };

/** A problem of a what-if scenario: the field (`acr[0].from`) and what is wrong. */
export interface WhatIfProblem {
  readonly field: string;
  readonly message: string;
}

function fieldOf(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
  return out === "" ? "(the scenario)" : out;
}

/** The line and column of a position in a text (1-based). */
function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  return { line, column: position - before.lastIndexOf("\n") };
}

/** Parses the text of a what-if file: its JSON, then its shape. */
export function parseWhatIfText(
  text: string,
): { ok: true; scenario: WhatIfScenario } | { ok: false; problems: WhatIfProblem[] } {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const where =
      at === null
        ? ""
        : (() => {
            const { line, column } = lineColumn(text, Number(at[1]));
            return ` at line ${line}, column ${column}`;
          })();
    return {
      ok: false,
      problems: [{ field: "(the file)", message: `is not valid JSON${where}: ${message}` }],
    };
  }
  return parseWhatIf(json);
}

/** Checks the shape of a what-if scenario. */
export function parseWhatIf(
  json: unknown,
): { ok: true; scenario: WhatIfScenario } | { ok: false; problems: WhatIfProblem[] } {
  const parsed = whatIfScenarioSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.flatMap((i) =>
        i.code === "unrecognized_keys"
          ? i.keys.map((k) => ({ field: fieldOf([...i.path, k]), message: "is not a member a what-if has" }))
          : [{ field: fieldOf(i.path), message: i.message }],
      ),
    };
  return { ok: true, scenario: parsed.data };
}

/**
 * Checks a scenario against the data: a PAL link or a stop names a customer of the usage data; no
 * what-if starts before the month in progress (a PAL link is never retroactive, and the past is actual);
 * a certification is one the program counts; a certification is earned no earlier than today.
 */
export function checkWhatIf(
  program: KnowledgeProgram,
  scenario: WhatIfScenario,
  usage: UsageSummary | undefined,
  asOf: CalendarDate,
): WhatIfProblem[] {
  const problems: WhatIfProblem[] = [];
  const current: YearMonth = monthOf(asOf);
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const [key, c] of usage?.customers ?? []) {
    ids.add(key);
    if (c.name !== undefined) names.add(c.name.trim().toLowerCase());
  }
  const known = (ref: string) => ids.has(ref.toLowerCase()) || names.has(ref.trim().toLowerCase());
  scenario.acr.forEach((w, i) => {
    if (w.from < current)
      problems.push({
        field: `acr[${i}].from`,
        message: `${w.from} is before the month in progress (${current}): a what-if only changes months from now on${w.type === "pal" ? ", and a PAL link never counts retroactively" : ""}`,
      });
    if (w.type !== "add" && !known(w.customer))
      problems.push({
        field: `acr[${i}].customer`,
        message: `no customer "${w.customer}" in the Azure usage data (give its CustomerTenantId or CustomerName)`,
      });
  });
  const lookups = lookupsOf(program);
  scenario.certifications.forEach((c, i) => {
    if (!lookups.certifications.has(c.certification.trim().toLowerCase()))
      problems.push({
        field: `certifications[${i}].certification`,
        message: `"${c.certification}" is not a certification ${program.id} counts (${program.knowledge.certifications.map((d) => d.id).join(", ")}, or a successor it accepts)`,
      });
    if (c.earnedOn < asOf)
      problems.push({
        field: `certifications[${i}].earnedOn`,
        message: `${c.earnedOn} is before ${asOf}: a what-if is about the future; put earned certifications in the certifications file`,
      });
  });
  return problems;
}

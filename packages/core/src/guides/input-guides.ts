import { z } from "zod";
import type { Program } from "../program/program-definition.js";

/*
 * Where each input of the readiness check lives in Partner Center: program data (guides/*.json), not
 * code, so a renamed menu is a data change. Every guide that names a Partner Center place cites the
 * sources (keys of sources/sources.json) that say so.
 */

const nonEmpty = z.string().trim().min(1);

const guideSchema = z
  .strictObject({
    kind: z.enum(["azure-usage", "certifications", "capability-score", "audit-evidence"]),
    title: nonEmpty,
    /** The menu path from Partner Center's home, or null when the input is not in Partner Center. */
    where: z.array(nonEmpty).min(2).nullable(),
    /** The report to download there, when the input is a download. */
    report: nonEmpty.nullable(),
    /** The workspace page that is the form for this input, when there is one. */
    form: z.enum(["people", "capability-score", "evidence"]).nullable(),
    /** Which months to download; `{windowMonths}` and `{finalAfterDay}` are the program's figures. */
    range: nonEmpty.optional(),
    /** What importing again does. */
    replaces: nonEmpty.optional(),
    note: nonEmpty.optional(),
    sources: z.array(nonEmpty),
  })
  .refine((g) => g.where === null || g.sources.length > 0, {
    message: "a guide that names a Partner Center place cites a source",
    path: ["sources"],
  });

export const inputGuidesFileSchema = z.strictObject({ about: nonEmpty, inputs: z.array(guideSchema).min(1) });
export type InputGuidesFile = z.infer<typeof inputGuidesFileSchema>;

/** One input's guide with the program's figures filled in. */
export interface InputGuide {
  readonly kind: "azure-usage" | "certifications" | "capability-score" | "audit-evidence";
  readonly title: string;
  readonly where: readonly string[] | null;
  readonly report: string | null;
  readonly form: "people" | "capability-score" | "evidence" | null;
  readonly range: string | null;
  readonly replaces: string | null;
  readonly note: string | null;
  readonly sources: readonly { readonly key: string; readonly title: string; readonly url: string }[];
}

/**
 * The guides of a guides file for a program: placeholders take the program's figures, source keys
 * become titles and addresses. An unknown source key is an error naming it (the data is wrong).
 */
export function inputGuides(
  file: unknown,
  program: Program,
  sources: ReadonlyMap<string, { readonly title: string; readonly url: string }>,
): InputGuide[] {
  const parsed = inputGuidesFileSchema.parse(file);
  const figures: Record<string, string> = {
    windowMonths: String(program.performance.windowMonths),
    finalAfterDay: String(program.performance.dataAvailability?.usageReportFinalAfterDay ?? 5),
  };
  const fill = (text: string | undefined) =>
    text === undefined ? null : text.replace(/\{(\w+)\}/g, (all, name: string) => figures[name] ?? all);
  return parsed.inputs.map((g) => ({
    kind: g.kind,
    title: g.title,
    where: g.where,
    report: g.report,
    form: g.form,
    range: fill(g.range),
    replaces: fill(g.replaces),
    note: fill(g.note),
    sources: g.sources.map((key) => {
      const s = sources.get(key);
      if (s === undefined) throw new Error(`guides: the source "${key}" is not in sources/sources.json`);
      return { key, title: s.title, url: s.url };
    }),
  }));
}

import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  type ChecklistDefinition,
  type Citation,
  type CredentialLifecycle,
  filterInWords,
  formatUsd,
  isOneRuleProgram,
  knownKnowledge,
  type Program,
  parseValidDecimal,
  performanceRules,
  periodInWords,
  resolvePath,
  type SourceEntry,
  type UsageFilter,
} from "@specready/core";
import { loadInstalledPrograms } from "@specready/ingest";
import { jsonOutput } from "../report/json-output.js";
import type { CliConfig } from "../terminal/cli-config.js";
import type { CliIo } from "../terminal/cli-io.js";
import { installedPrograms } from "./load-program.js";

export const programsHelp = `Usage: specready programs [--sources] [--format text|json]
       specready programs --validate FILE

Lists the installed program versions: each with the dates it is in effect, what changed from the version
before and its thresholds; the audit checklist versions with their dates and changes; and the
certifications' retirements. "specready check" uses the version in effect on the as-of date unless
--program pins one; a provisional version is never chosen by date (an organization opts into it).

Options:
  --sources            print the source of every number: each program version's and checklist's cited
                       members with their values, and every source with its address, publisher (third
                       parties marked) and the day it was read
  --format text|json   a readable list (default) or one JSON object
  --validate FILE      check a program or checklist file being written, with the installed data it
                       refers to (sources, the shared Module A): prints every problem by path in the
                       file, or what the file defines; exit 0 when valid, 1 when not (docs/programs.md)
  -h, --help           show this help

A new version is a new JSON file in the core's programs/ or checklists/ directory, or in
$SPECREADY_PROGRAMS_DIR/programs, checklists, sources and credentials.
`;

/** `specready programs`: what is installed, validated. */
export async function programsCommand(
  args: readonly string[],
  io: CliIo,
  config: CliConfig,
): Promise<number> {
  let values: {
    format?: string | undefined;
    sources?: boolean | undefined;
    validate?: string | undefined;
    help?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      options: {
        format: { type: "string" },
        sources: { type: "boolean" },
        validate: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    io.stderr.write(`specready programs: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(programsHelp);
    return 0;
  }
  if (values.format !== undefined && values.format !== "text" && values.format !== "json") {
    io.stderr.write(`specready programs: --format must be text or json\n`);
    return 2;
  }
  if (values.validate !== undefined) return validateFile(values.validate, io, config);
  const loaded = await installedPrograms(config);
  if (!loaded.ok) {
    io.stderr.write(loaded.message);
    return 2;
  }
  const programs = loaded.programs;
  // Module A is shared; each specialization has its own Module B checklists.
  const checklists = [
    ...new Map(programs.flatMap((p) => p.checklistVersions).map((c) => [c.id, c])).values(),
  ].sort((x, y) => x.module.localeCompare(y.module) || x.effectiveFrom.localeCompare(y.effectiveFrom));
  const credentials = [...(programs[0]?.credentials.values() ?? [])];
  if (values.format === "json") {
    const data = {
      programs: programs.map(({ moduleA, moduleB, checklistVersions: _all, credentials: _c, ...p }) => ({
        ...p,
        measuredAgainst: { A: moduleA.id, B: moduleB.id },
      })),
      checklists,
      credentials,
      sources: [...loaded.sources.values()],
    };
    io.stdout.write(jsonOutput(data));
    return 0;
  }
  const text = values.sources
    ? sourcesText(programs, checklists, credentials, loaded.sources)
    : listText(programs, checklists, credentials);
  io.stdout.write(`${text.join("\n")}\n`);
  return 0;
}

function performanceLines(p: Program): string[] {
  const perf = p.performance;
  const tail = `duplicates by ${perf.duplicateFlag.column}`;
  if (isOneRuleProgram(p))
    return [
      `    performance: ${formatUsd(parseValidDecimal(p.performance.minimumMonthlyAverageUsd))} monthly average ${p.performance.serviceGroup2.join("/")} ACR over ${perf.windowMonths} months from ${p.performance.minimumCustomers}+ customers; ${tail}`,
    ];
  return [
    `    performance: every sub-rule over ${perf.windowMonths} months; ${tail}`,
    ...(perf.rules ?? []).map(
      (r) =>
        `      • ${r.title}: ${formatUsd(parseValidDecimal(r.minimumUsd))} ${r.aggregate === "window-total" ? "in total" : "monthly average"} from ${r.minimumCustomers}+ customers` +
        r.minimums
          .map((m) => `, ${formatUsd(parseValidDecimal(m.minimumUsd))}+ of it from ${m.title}`)
          .join(""),
    ),
  ];
}

/** `specready programs --validate FILE`: the file's problems, or what it defines. */
async function validateFile(path: string, io: CliIo, config: CliConfig): Promise<number> {
  const file = resolve(io.cwd, path);
  const loaded = await loadInstalledPrograms(config.programsDir, { path: file });
  if (!loaded.ok) {
    const own = loaded.problems.filter((p) => p.file === file);
    const others = loaded.problems.filter((p) => p.file !== file);
    const lines = [
      `${path}: ${own.length === 1 ? "1 problem" : `${own.length} problems`}${others.length > 0 ? ` (and ${others.length} in the installed data it is checked with)` : ""}`,
      ...[...own, ...others].map(
        (p) => `  ${p.file === path ? "" : `${p.file}, `}at ${p.path}: ${p.message}`,
      ),
      "How to fix each: docs/programs.md.",
    ];
    io.stderr.write(`${lines.join("\n")}\n`);
    return 1;
  }
  const json = JSON.parse(await readFile(file, "utf8")) as { id?: string; module?: string };
  const program = loaded.programs.find((p) => p.id === json.id);
  io.stdout.write(
    program !== undefined
      ? `${path}: valid — program ${program.id} (${program.name} ${program.version}), specialization ${program.specialization}, measured against ${program.moduleA.id} and ${program.moduleB.id}\n`
      : `${path}: valid — checklist ${json.id} (Module ${json.module})\n`,
  );
  return 0;
}

function selection(p: Program): string {
  if (p.effective === undefined)
    return "pinned only: chosen with --program or an organization's setting, never by date";
  const period = `in effect ${periodInWords(p.effective.from, p.effective.to)}`;
  return p.provisional === undefined
    ? period
    : `${period}, only for an organization that opts in or a check that pins it`;
}

function listText(
  programs: readonly Program[],
  checklists: readonly ChecklistDefinition[],
  credentials: readonly CredentialLifecycle[],
): string[] {
  const lines: string[] = [
    "Program versions (specready check uses the version in effect on the as-of date unless --program pins one):",
  ];
  const ordered = [...programs].sort(
    (a, b) => (a.effective?.from ?? "").localeCompare(b.effective?.from ?? "") || a.id.localeCompare(b.id),
  );
  for (const p of ordered) {
    lines.push("");
    lines.push(
      `${p.id}  ${p.name} — ${p.version}, published ${p.published}` +
        (p.provisional === undefined ? "" : `  [${p.provisional.label}]`),
    );
    lines.push(`    ${selection(p)}${p.extends === undefined ? "" : `; written against ${p.extends}`}`);
    if (p.provisional !== undefined) lines.push(`    ${p.provisional.reason}`);
    if (p.alsoKnownAs.length > 0) lines.push(`    also known as: ${p.alsoKnownAs.join("; ")}`);
    for (const [i, c] of p.changes.entries()) lines.push(`    ${i === 0 ? "changes:" : "        "} • ${c}`);
    for (const n of p.notes) lines.push(`    note: ${n}`);
    lines.push(
      `    designation: ${p.designation.minimumTotalPoints}+ points in ${p.designation.eligibleAreas.map((a) => a.name).join(" or ")}, every metric above ${p.designation.everyMetricAbove}; active (${p.designation.activeStatuses.join(" or ")}) until its anniversary when the designation file is given`,
    );
    lines.push(`    specialization: ${p.specialization}`);
    lines.push(...performanceLines(p));
    const knowledge = knownKnowledge(p);
    lines.push(
      knowledge === undefined
        ? `    knowledge: unknown — ${"notInProgramData" in p.knowledge ? p.knowledge.notInProgramData : ""}`
        : `    knowledge: ${knowledge.minimumIndividuals}+ individuals holding ${knowledge.certifications
            .map((c) =>
              c.alsoAccepted.length === 0
                ? c.id
                : `${c.id} (or ${c.alsoAccepted.map((a) => a.id).join(", ")})`,
            )
            .join(" and ")}`,
    );
    const byDate = p.audit.checklists === "by-date";
    const moduleB =
      p.audit.moduleBNotInProgramData === undefined
        ? `${p.moduleB.controls.length} controls`
        : `controls unknown — ${p.audit.moduleBNotInProgramData}`;
    lines.push(
      `    audit: ${p.moduleA.title} ${p.moduleA.version} (${p.moduleA.controls.length} controls), ${p.moduleB.title} ${p.moduleB.version} (${moduleB})` +
        (byDate
          ? "; names the checklists in effect on the date and measures against the nearest ones whose controls are held"
          : " on every date"),
    );
  }
  lines.push("");
  lines.push("Audit checklists (a partner is audited on the version in effect on the audit date):");
  for (const c of checklists) {
    lines.push(
      `  Module ${c.module}  ${c.version.padEnd(8)} ${periodInWords(c.effectiveFrom, c.effectiveTo).padEnd(26)} ${
        c.controlData === "complete"
          ? `${c.controls.length} controls held`
          : "dates and changes only (measured against the nearest version with controls)"
      }`,
    );
    for (const change of c.changes) lines.push(`      • ${change}`);
  }
  lines.push("");
  lines.push("Certifications (an exam's retirement day is the last day it can be taken):");
  for (const c of credentials) {
    const retires =
      c.retires === null
        ? "no retirement known"
        : `retires ${c.retires}, renewals until ${c.renewalRetires ?? c.retires}`;
    const successor =
      c.successor === null
        ? ""
        : `; successor ${c.successor.id} (${c.successor.certification}${c.successor.sameCertification ? "" : ", a different certification"})`;
    lines.push(
      `  ${c.id.padEnd(7)} ${c.certification} — ${retires}${successor} [${c.confidence === "microsoft" ? "Microsoft" : "third-party reports"}]`,
    );
  }
  lines.push("");
  lines.push("The source of every number: specready programs --sources");
  return lines;
}

/** A member's value in a line: one value as it is, several equal ones once with a count. */
function shown(values: readonly unknown[]): string {
  const text = values.map((v) => {
    if (Array.isArray(v))
      return v.every((x) => typeof x !== "object" || x === null)
        ? v.join(" / ")
        : `[${v.length} ${v.length === 1 ? "entry" : "entries"}]`;
    return typeof v === "object" && v !== null ? "{…}" : String(v);
  });
  const distinct = [...new Set(text)];
  if (distinct.length === 1 && text.length > 1) return `${distinct[0]} (×${text.length})`;
  return text.length > 8 ? `${text.slice(0, 8).join(", ")}, …` : text.join(", ");
}

/** The program with its performance rules as its file writes them, for citation paths to resolve. */
function asWritten(p: Program): unknown {
  return { ...p, performance: { ...p.performance, rules: performanceRules(p) } };
}

function citationLines(root: unknown, citations: readonly Citation[]): string[] {
  const lines: string[] = [];
  for (const c of citations) {
    for (const path of c.paths) {
      const found = resolvePath(root, path);
      const value =
        found.length === 0
          ? "(not set)"
          : shown(
              found.map((f) =>
                /(^|\.)filter$/.test(f.path) ? filterInWords(f.value as UsageFilter) : f.value,
              ),
            );
      lines.push(`  ${path} = ${value}  [${c.sources.join(", ")}]`);
    }
    if (c.note !== undefined) lines.push(`      “${c.note}”`);
  }
  return lines;
}

const PUBLISHERS: Record<SourceEntry["publisher"], string> = {
  microsoft: "Microsoft",
  "microsoft-copy": "Microsoft's text, read from a copy",
  "third-party": "THIRD PARTY",
};

function sourcesText(
  programs: readonly Program[],
  checklists: readonly ChecklistDefinition[],
  credentials: readonly CredentialLifecycle[],
  sources: ReadonlyMap<string, SourceEntry>,
): string[] {
  const lines: string[] = ["The source of every number of the program data:"];
  const byId = new Map(programs.map((p) => [p.id, p]));
  for (const p of programs) {
    // A version written against another cites its own members; the rest is cited under the base.
    const base = p.extends === undefined ? undefined : byId.get(p.extends);
    const own = p.citations.slice(base?.citations.length ?? 0);
    lines.push("");
    lines.push(
      `${p.id} (${p.name}${p.provisional === undefined ? "" : `, ${p.provisional.label}`})` +
        (base === undefined ? "" : ` — its other numbers are those of ${base.id}, cited under it`),
    );
    lines.push(...citationLines(asWritten(p), own));
  }
  for (const c of checklists) {
    lines.push("");
    lines.push(`${c.id} (${c.title} ${c.version})`);
    lines.push(...citationLines(c, c.citations));
  }
  lines.push("");
  lines.push("Certification retirements");
  for (const c of credentials) {
    lines.push(
      `  ${c.id}: retires = ${c.retires ?? "none known"}, renewals until = ${c.renewalRetires ?? "none known"}, successor = ${c.successor?.id ?? "none"}  [${c.sources.join(", ")}]` +
        (c.confidence === "third-party" ? " (third-party reports only)" : ""),
    );
  }
  lines.push("");
  lines.push("Sources");
  for (const s of sources.values()) {
    lines.push(`  [${s.key}] ${s.title} — ${PUBLISHERS[s.publisher]}, read on ${s.retrieved}`);
    lines.push(`      ${s.url}`);
    if (s.via !== undefined) lines.push(`      read from ${s.via}`);
    if (s.note !== undefined) lines.push(`      ${s.note}`);
  }
  return lines;
}

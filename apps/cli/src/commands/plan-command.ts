import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import {
  buildPlan,
  checkWhatIf,
  EMPTY_SCENARIO,
  isPlannable,
  notPlannableReason,
  parseCalendarDate,
  parseWhatIfText,
  programOnDate,
  registerFromEvidenceRecords,
  selectProgram,
  todayFrom,
  type WhatIfScenario,
} from "@specready/core";
import { formatProblem, loadDataDir } from "@specready/ingest";
import { jsonOutput } from "../report/json-output.js";
import { renderPlanText } from "../report/plan-text.js";
import type { CliConfig } from "../terminal/cli-config.js";
import { type CliIo, styles, useColor } from "../terminal/cli-io.js";
import { dataDirArgs } from "./data-dir-args.js";
import { installedPrograms } from "./load-program.js";

export const planHelp = `Usage: specready plan <data-dir> --audit-date YYYY-MM-DD [--as-of YYYY-MM-DD] [--program ID]
                      [--what-if FILE] [--format text|json]

Plans how to be ready on the audit date, from the same files "specready check" reads:
  - reference allocation: the fewest customers whose projects, completed within the twelve months
    before the audit date, give every control its required customers; per customer the controls, the
    artifacts still missing and the day the project ages out (exact: it says when it is not proven);
  - ACR forecast: per customer, Holt's exponential smoothing over the last six months with an 80% band;
    the first month performance is met and the month it lapses, with when Partner Center shows it;
  - certification plan: who renews, links a Learn profile or sits which exam by when, so knowledge is
    met on the audit date and its next anniversary.

What-if file (JSON), every member optional:
  { "acr": [ { "type": "add",  "customer": "Contoso Pharma", "usdPerMonth": "500", "from": "2027-01" },
             { "type": "pal",  "customer": "Woodgrove Bank", "from": "2027-01" },
             { "type": "stop", "customer": "Relecloud Media", "from": "2027-03" } ],
    "certifications": [ { "person": "lee.gu@adatum.example", "certification": "AI-102",
                          "earnedOn": "2027-01-15" } ] }
  A customer is its CustomerTenantId or CustomerName; months are YYYY-MM, no earlier than the month in
  progress (a PAL link never counts retroactively).

Options:
  --audit-date DATE    the planned audit date (required)
  --as-of DATE         today, for the forecast and the plan (default: today)
  --program ID         pin a program version (default: the version in effect on the as-of date)
  --what-if FILE       apply a what-if scenario
  --format text|json   a readable plan (default) or one JSON object
  -h, --help           show this help

Exit status: 0 the plan was made, 2 unusable input or arguments.
`;

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      "audit-date": { type: "string" },
      "as-of": { type: "string" },
      program: { type: "string" },
      "what-if": { type: "string" },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function dateOption(text: string | undefined): string | undefined | null {
  if (text === undefined) return undefined;
  return (/^\d{4}-\d{2}-\d{2}$/.test(text) ? parseCalendarDate(text) : undefined) ?? null;
}

/** `specready plan`: exit 0 when a plan was made, 2 for unusable input or arguments. */
export async function planCommand(args: readonly string[], io: CliIo, config: CliConfig): Promise<number> {
  const started = dataDirArgs("plan", planHelp, io, () => parse(args));
  if (typeof started === "number") return started;
  const { values, dir, format, usageError } = started;
  const auditDate = dateOption(values["audit-date"]);
  if (auditDate === undefined) return usageError("--audit-date YYYY-MM-DD is required");
  if (auditDate === null)
    return usageError(`--audit-date "${values["audit-date"]}" is not a valid date (expected YYYY-MM-DD)`);
  const asOfOption = dateOption(values["as-of"]);
  if (asOfOption === null)
    return usageError(`--as-of "${values["as-of"]}" is not a valid date (expected YYYY-MM-DD)`);
  const asOf = asOfOption ?? todayFrom(io.now());
  if (auditDate < asOf) return usageError(`--audit-date ${auditDate} is before the as-of date ${asOf}`);

  let scenario: WhatIfScenario = EMPTY_SCENARIO;
  const whatIfFile = values["what-if"];
  if (whatIfFile !== undefined) {
    let text: string;
    try {
      text = await readFile(whatIfFile, "utf8");
    } catch (error) {
      return usageError(`cannot read the what-if file ${whatIfFile}: ${(error as Error).message}`);
    }
    if (text.length > 1_000_000) return usageError(`the what-if file ${whatIfFile} is over 1 MB`);
    const read = parseWhatIfText(text);
    if (!read.ok) {
      io.stderr.write(
        `specready plan: the what-if file cannot be used — ${whatIfFile}:\n${read.problems.map((p) => `  ${p.field}: ${p.message}`).join("\n")}\n`,
      );
      return 2;
    }
    scenario = read.scenario;
  }

  const loaded = await installedPrograms(config);
  if (!loaded.ok) {
    io.stderr.write(loaded.message);
    return 2;
  }
  const selected = selectProgram(loaded.programs, {
    date: asOf,
    pinned: values.program === undefined ? null : { id: values.program, by: "cli" },
  });
  if (!selected.ok) return usageError(selected.message);
  // The audit is measured against the checklist in effect on the audit date.
  const { program } = programOnDate(selected.selection.program, auditDate);
  if (!isPlannable(program)) return usageError(`specready plan: ${notPlannableReason(program)}`);

  const result = await loadDataDir(dir, program, {
    parallel: { threads: config.threads, minBytes: config.parallelMinBytes },
    limits: config.limits,
  });
  if (!result.ok) {
    const lines = result.problems.map((p) => `  ${formatProblem(p)}`);
    io.stderr.write(
      `specready plan: the input cannot be used — ${result.total} problem${result.total === 1 ? "" : "s"} in ${dir}:\n${lines.join("\n")}\n`,
    );
    return 2;
  }
  const problems = checkWhatIf(program, scenario, result.inputs.usage, asOf);
  if (problems.length > 0) {
    io.stderr.write(
      `specready plan: the what-if file cannot be used — ${whatIfFile}:\n${problems.map((p) => `  ${p.field}: ${p.message}`).join("\n")}\n`,
    );
    return 2;
  }
  const plan = buildPlan(
    program,
    {
      usage: result.inputs.usage,
      certifications: result.inputs.certifications,
      register: registerFromEvidenceRecords(result.inputs.auditEvidence ?? []),
      auditHistory: result.inputs.auditHistory,
    },
    { asOf, auditDate, scenario },
  );
  if (format === "json") io.stdout.write(jsonOutput(plan));
  else io.stdout.write(renderPlanText(plan, styles(useColor(io.stdout, io.env))));
  return 0;
}

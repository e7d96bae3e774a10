import { parseArgs } from "node:util";
import { evaluateReadiness, parseCalendarDate, selectProgram, todayFrom } from "@specready/core";
import { formatProblem, inputKinds, loadDataDir, readLimitsHelp } from "@specready/ingest";
import { jsonOutput } from "../report/json-output.js";
import { renderTextReport } from "../report/text-report.js";
import type { CliConfig } from "../terminal/cli-config.js";
import { type CliIo, styles, useColor } from "../terminal/cli-io.js";
import { ProgressBar } from "../terminal/progress-bar.js";
import { dataDirArgs } from "./data-dir-args.js";
import { installedPrograms } from "./load-program.js";

export const checkHelp = `Usage: specready check <data-dir> [--as-of YYYY-MM-DD] [--program ID] [--format text|json]

Evaluates the specialization's four requirements on the files in <data-dir> and says where you stand,
what is missing and when the result will change.

Files read from <data-dir> (each optional, .csv or .xlsx, names matched case-insensitively):
  azure-usage        the Partner Center Insights Azure usage report (AI ACR)
  certifications     who holds which certification (PersonId, Certification, EarnedDate, ...)
  capability-score   partner capability score points per solution area and metric
  audit-evidence     customer projects backing each audit control
  audit-history      earlier audit results (Module A waivers)
  designation        the Solutions Partner status Partner Center shows (SolutionArea, Status,
                     AttainedDate, AnniversaryDate); when present it decides the designation

Options:
  --as-of YYYY-MM-DD   evaluate at this date (default: today)
  --program ID         pin a program version (default: the version in effect on the as-of date, which
                       measures as ai-ml-azure-fy24 does; see "specready programs")
  --format text|json   a readable report (default) or one JSON object with every figure and record
  -h, --help           show this help

Exit status: 0 ready, 1 evaluated and not ready, 2 unusable input or arguments (every problem is
listed on stderr with its file, line and column).

Limits: a file over one is refused (exit 2) with its file, line and the limit; set them in the
environment (defaults shown). CSV files must be UTF-8 (or UTF-16 with a byte-order mark).
${readLimitsHelp(inputKinds)}
`;

/** `specready check`: exit 0 ready, 1 not ready, 2 unusable input or arguments. */
export async function checkCommand(args: readonly string[], io: CliIo, config: CliConfig): Promise<number> {
  const started = dataDirArgs("check", checkHelp, io, () => parse(args));
  if (typeof started === "number") return started;
  const { values, dir, format, usageError } = started;
  let asOf = todayFrom(io.now());
  if (values["as-of"] !== undefined) {
    const text = values["as-of"];
    const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseCalendarDate(text) : undefined;
    if (date === undefined)
      return usageError(`--as-of "${text}" is not a valid date (expected YYYY-MM-DD, e.g. 2025-09-10)`);
    asOf = date;
  }

  const loaded = await installedPrograms(config);
  if (!loaded.ok) {
    io.stderr.write(loaded.message);
    return 2;
  }
  // Without --program, the version in effect on the as-of date; its controls are measured as the
  // contract's ai-ml-azure-fy24 measures them (see docs/contract-extensions.md).
  const selected = selectProgram(loaded.programs, {
    date: asOf,
    pinned: values.program === undefined ? null : { id: values.program, by: "cli" },
  });
  if (!selected.ok) return usageError(selected.message);
  const { program, versions } = selected.selection;

  const bar = new ProgressBar(io.stderr, "Reading");
  const result = await loadDataDir(dir, program, {
    onProgress: (done, total, file) => bar.update(done, total, file),
    parallel: { threads: config.threads, minBytes: config.parallelMinBytes },
    limits: config.limits,
  });
  bar.clear();
  if (!result.ok) {
    const s = styles(useColor(io.stderr, io.env));
    const lines = result.problems.map((p) => `  ${formatProblem(p)}`);
    const more = result.total - result.problems.length;
    io.stderr.write(
      `${s.red("specready check: the input cannot be used")} — ${result.total} problem${result.total === 1 ? "" : "s"} in ${dir}:\n${lines.join("\n")}\n` +
        (more > 0 ? `  … and ${more} more problems\n` : "") +
        "Nothing was evaluated. Fix these and run the check again.\n",
    );
    return 2;
  }

  if (config.verbose) {
    for (const [file, n] of Object.entries(result.threads))
      io.stderr.write(`${file}: read on ${n} threads\n`);
  }
  const evaluation = evaluateReadiness(program, result.inputs, asOf, { versions });
  if (format === "json") {
    io.stdout.write(jsonOutput(evaluation));
  } else {
    const color = useColor(io.stdout, io.env);
    io.stdout.write(
      renderTextReport(evaluation, styles(color), Math.min(120, Math.max(72, io.stdout.columns ?? 100))),
    );
    const warnings = evaluation.warnings;
    if (warnings.length > 0) {
      const s = styles(useColor(io.stderr, io.env));
      io.stderr.write(
        `${s.yellow("Set aside while reading:")}\n${warnings.map((w) => `  ${w.file ? `${w.file}: ` : ""}${w.message}`).join("\n")}\n`,
      );
    }
  }
  return evaluation.ready ? 0 : 1;
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      "as-of": { type: "string" },
      program: { type: "string" },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

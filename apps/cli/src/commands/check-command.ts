import { parseArgs } from "node:util";
import { evaluateReadiness, parseCalendarDate, todayFrom } from "@specready/core";
import { formatProblem, inputKinds, loadDataDir, readLimitsHelp } from "@specready/ingest";
import { renderTextReport } from "../report/text-report.js";
import type { CliConfig } from "../terminal/cli-config.js";
import { type CliIo, styles, useColor } from "../terminal/cli-io.js";
import { ProgressBar } from "../terminal/progress-bar.js";
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

Options:
  --as-of YYYY-MM-DD   evaluate at this date (default: today)
  --program ID         the program version (default: ai-ml-azure-fy24; see "specready programs")
  --format text|json   a readable report (default) or one JSON object with every figure and record
  -h, --help           show this help

Exit status: 0 ready, 1 evaluated and not ready, 2 unusable input or arguments (every problem is
listed on stderr with its file, line and column).

Limits: a file over one is refused (exit 2) with its file, line and the limit; set them in the
environment (defaults shown). CSV files must be UTF-8 (or UTF-16 with a byte-order mark).
${readLimitsHelp(inputKinds)}
`;

const DEFAULT_PROGRAM = "ai-ml-azure-fy24";

/** `specready check`: exit 0 ready, 1 not ready, 2 unusable input or arguments. */
export async function checkCommand(args: readonly string[], io: CliIo, config: CliConfig): Promise<number> {
  const usageError = (message: string) => {
    io.stderr.write(`specready check: ${message}\nRun "specready check --help" for usage.\n`);
    return 2;
  };
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(checkHelp);
    return 0;
  }
  if (positionals.length === 0) return usageError("missing <data-dir>");
  if (positionals.length > 1)
    return usageError(`one data directory expected, got ${positionals.length}: ${positionals.join(" ")}`);
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json")
    return usageError(`--format must be text or json, not "${format}"`);
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
  const programId = values.program ?? DEFAULT_PROGRAM;
  const program = loaded.programs.find((p) => p.id === programId.toLowerCase());
  if (program === undefined) {
    return usageError(
      `unknown program "${programId}" (installed: ${loaded.programs.map((p) => p.id).join(", ")})`,
    );
  }

  const dir = positionals[0] as string;
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
  const evaluation = evaluateReadiness(program, result.inputs, asOf);
  if (format === "json") {
    io.stdout.write(`${JSON.stringify(evaluation, null, 2)}\n`);
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

import { parseArgs } from "node:util";
import { parseCalendarDate, todayFrom } from "@specready/core";
import { writeDemoPartner } from "@specready/ingest";
import type { CliIo } from "../terminal/cli-io.js";

export const demoHelp = `Usage: specready demo <dir> [--as-of YYYY-MM-DD] [--quiet]

Writes a realistic demo partner (Adatum Consulting) into <dir>: a year of Partner Center Azure usage
across a dozen customers, a certification roster, capability scores, audit evidence and audit history,
dated relative to --as-of (default: today), so that "specready check <dir>" shows a mix of met and
unmet requirements. Refuses a directory that holds other files; re-running refreshes the demo files.

Options:
  --as-of YYYY-MM-DD   date the demo around this day (default: today)
  --quiet              print nothing on success
  -h, --help           show this help
`;

/** `specready demo <dir>`. */
export async function demoCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed: {
    values: { "as-of"?: string | undefined; quiet?: boolean | undefined; help?: boolean | undefined };
    positionals: string[];
  };
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        "as-of": { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    io.stderr.write(`specready demo: ${(error as Error).message}\nRun "specready demo --help" for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(demoHelp);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr.write(`specready demo: expected one directory\nRun "specready demo --help" for usage.\n`);
    return 2;
  }
  let asOf = todayFrom(io.now());
  if (values["as-of"] !== undefined) {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(values["as-of"]) ? parseCalendarDate(values["as-of"]) : undefined;
    if (date === undefined) {
      io.stderr.write(
        `specready demo: --as-of "${values["as-of"]}" is not a valid date (expected YYYY-MM-DD)\n`,
      );
      return 2;
    }
    asOf = date;
  }
  const dir = positionals[0] as string;
  try {
    const written = await writeDemoPartner(dir, asOf);
    if (!values.quiet) {
      io.stdout.write(
        `Wrote the demo partner Adatum Consulting (dated around ${asOf}) to ${dir}:\n${written.map((p) => `  ${p}`).join("\n")}\n` +
          `Next: specready check ${dir}${values["as-of"] ? ` --as-of ${asOf}` : ""}\n`,
      );
    }
    return 0;
  } catch (error) {
    io.stderr.write(`specready demo: ${(error as Error).message}\n`);
    return 2;
  }
}

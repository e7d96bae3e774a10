import { parseArgs } from "node:util";
import { formatUsd, parseValidDecimal } from "@specready/core";
import type { CliConfig } from "../terminal/cli-config.js";
import type { CliIo } from "../terminal/cli-io.js";
import { installedPrograms } from "./load-program.js";

export const programsHelp = `Usage: specready programs [--format text|json]

Lists the installed program definitions: each specialization program version with its thresholds and
the audit checklist versions it uses. A new version is a new JSON file in the core's programs/ or
checklists/ directory, or in $SPECREADY_PROGRAMS_DIR/programs and $SPECREADY_PROGRAMS_DIR/checklists.
`;

/** `specready programs`: what is installed, validated. */
export async function programsCommand(
  args: readonly string[],
  io: CliIo,
  config: CliConfig,
): Promise<number> {
  let values: { format?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      options: { format: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    io.stderr.write(`specready programs: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(programsHelp);
    return 0;
  }
  const loaded = await installedPrograms(config);
  if (!loaded.ok) {
    io.stderr.write(loaded.message);
    return 2;
  }
  if (values.format === "json") {
    io.stdout.write(`${JSON.stringify(loaded.programs, null, 2)}\n`);
    return 0;
  }
  if (values.format !== undefined && values.format !== "text") {
    io.stderr.write(`specready programs: --format must be text or json\n`);
    return 2;
  }
  const lines: string[] = [];
  for (const p of loaded.programs) {
    lines.push(`${p.id}  ${p.name} — ${p.version}, published ${p.published}`);
    if (p.alsoKnownAs.length > 0) lines.push(`    also known as: ${p.alsoKnownAs.join("; ")}`);
    lines.push(
      `    designation: ${p.designation.minimumTotalPoints}+ points in ${p.designation.eligibleAreas.map((a) => a.name).join(" or ")}, every metric above ${p.designation.everyMetricAbove}`,
    );
    lines.push(
      `    performance: ${formatUsd(parseValidDecimal(p.performance.minimumMonthlyAverageUsd))} monthly average ${p.performance.serviceGroup2.join("/")} ACR over ${p.performance.windowMonths} months from ${p.performance.minimumCustomers}+ customers`,
    );
    lines.push(
      `    knowledge: ${p.knowledge.minimumIndividuals}+ individuals holding ${p.knowledge.certifications.map((c) => c.id).join(" and ")}`,
    );
    lines.push(
      `    audit: ${p.moduleA.title} ${p.moduleA.version} (${p.moduleA.controls.length} controls), ${p.moduleB.title} ${p.moduleB.version} (${p.moduleB.controls.length} controls)`,
    );
  }
  io.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

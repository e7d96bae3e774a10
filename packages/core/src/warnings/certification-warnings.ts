import type { Program } from "../program/program-definition.js";
import type { CertificationRecord, InputWarning } from "../records/input-records.js";
import { lookupsOf } from "../rules/program-lookups.js";
import { echoList } from "./echo.js";

/**
 * The rows of certifications the program does not count, as a warning. It depends on the program
 * version (a provisional one counts successors), so the workspace recomputes it for the version used.
 */
export function certificationWarnings(
  program: Program,
  file: string,
  records: readonly CertificationRecord[],
): InputWarning[] {
  const lookups = lookupsOf(program);
  const others = records.filter((c) => !lookups.certifications.has(c.certification.toLowerCase()));
  if (others.length === 0) return [];
  const names = [...new Set(others.map((c) => c.certification))];
  return [
    {
      code: "certifications.other",
      file,
      message: `${others.length} ${others.length === 1 ? "row holds" : "rows hold"} other certifications (${echoList(names)}), shown but not counted for this program`,
      count: others.length,
    },
  ];
}

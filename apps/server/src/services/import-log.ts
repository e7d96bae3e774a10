import type { Actor, ImportKindName } from "@specready/db";
import type { InputProblem } from "@specready/ingest";
import type { AppError } from "../errors/app-error.js";
import type { AppContext } from "./app-context.js";
import { recordActivity } from "./mutation/mutate.js";

/*
 * Imports that did not happen, in the activity log: what was refused or failed and why, by code and
 * count. Never the file's contents: a problem's message quotes the cell it is about, so only its code
 * and line go in.
 */

/** "3 problems (cell.number ×2, cell.month)". */
function problemWords(total: number, problems: readonly InputProblem[]): string {
  const codes = problemCodes(problems);
  const list = Object.entries(codes)
    .map(([code, n]) => (n === 1 ? code : `${code} ×${n}`))
    .join(", ");
  return `${total} problem${total === 1 ? "" : "s"}${list === "" ? "" : ` (${list}${total > problems.length ? ", …" : ""})`}`;
}

function problemCodes(problems: readonly InputProblem[]): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const p of problems) codes[p.code] = (codes[p.code] ?? 0) + 1;
  return codes;
}

/** Where the first problems are: their code and line (a column is named as the file's header, so not kept). */
function problemPlaces(problems: readonly InputProblem[]) {
  return problems.slice(0, 20).map((p) => ({ code: p.code, line: p.line ?? null }));
}

/** An import whose file was read and failed: problems, too much memory, or an error of the server. */
export async function logFailedImport(
  ctx: AppContext,
  orgId: string,
  actor: Actor,
  upload: { kind: ImportKindName; fileName: string; size: number; sha256: string },
  failure: { code: string; message: string; problems?: readonly InputProblem[]; problemTotal?: number },
): Promise<void> {
  const problems = failure.problems ?? [];
  const why =
    failure.code === "import.problems"
      ? problemWords(failure.problemTotal ?? problems.length, problems)
      : failure.code === "import.out_of_memory"
        ? "reading it needed more memory than a file may use"
        : failure.code;
  await recordActivity(
    ctx,
    { orgId, actor },
    {
      action: "import.failed",
      summary: `Could not import ${upload.fileName} (${upload.kind}): ${why}; nothing was imported`,
      details: {
        kind: upload.kind,
        fileName: upload.fileName,
        size: upload.size,
        sha256: upload.sha256,
        reason: failure.code,
        problemTotal: failure.problemTotal ?? problems.length,
        problemCodes: problemCodes(problems),
        firstProblems: problemPlaces(problems),
      },
    },
  );
}

/** An upload refused on arrival: over the limit, empty, or not readable as a table. */
export async function logRefusedUpload(
  ctx: AppContext,
  orgId: string,
  actor: Actor,
  upload: { kind: ImportKindName; fileName: string; size: number | undefined; error: AppError },
): Promise<void> {
  const problems = (upload.error.extra.problems as InputProblem[] | undefined) ?? [];
  const why =
    upload.error.code === "upload.too_large"
      ? `larger than the upload limit of ${Math.round(ctx.config.uploadLimitBytes / 1024 / 1024)} MB`
      : upload.error.code === "upload.empty"
        ? "the file is empty"
        : upload.error.code === "import.out_of_memory"
          ? "reading it needed more memory than a file may use"
          : `it cannot be read: ${problemWords(problems.length, problems)}`;
  await recordActivity(
    ctx,
    { orgId, actor },
    {
      action: "import.refused",
      summary: `Refused the upload of ${upload.fileName} (${upload.kind}): ${why}`,
      details: {
        kind: upload.kind,
        fileName: upload.fileName,
        size: upload.size ?? null,
        reason: upload.error.code,
        problemCodes: problemCodes(problems),
        firstProblems: problemPlaces(problems),
      },
    },
  );
}

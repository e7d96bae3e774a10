import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DataFile, loadPrograms, type ProgramLoadResult } from "@specready/core";

/** Where the core package keeps its program and checklist files. */
export function builtInDataDir(): string {
  return dirname(fileURLToPath(import.meta.resolve("@specready/core/package.json")));
}

async function jsonFiles(
  dir: string,
  label: string,
): Promise<{ files: DataFile[]; problems: { file: string; path: string; message: string }[] }> {
  const files: DataFile[] = [];
  const problems: { file: string; path: string; message: string }[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith(".json")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { files, problems };
    throw error;
  }
  for (const name of names) {
    const path = join(dir, name);
    try {
      files.push({ file: `${label}/${name}`, json: JSON.parse(await readFile(path, "utf8")) });
    } catch (error) {
      problems.push({
        file: `${label}/${name}`,
        path: "(file)",
        message: `is not valid JSON: ${(error as Error).message}`,
      });
    }
  }
  return { files, problems };
}

/**
 * Loads the installed programs: the core's `programs/`, `checklists/`, `sources/` and `credentials/`
 * directories, plus those of `extraDir` when given (SPECREADY_PROGRAMS_DIR), so a new program version,
 * checklist, source or certification retirement is a new file.
 */
export async function loadInstalledPrograms(extraDir?: string): Promise<ProgramLoadResult> {
  const base = builtInDataDir();
  const dirs = [base, ...(extraDir ? [extraDir] : [])];
  const programFiles: DataFile[] = [];
  const checklistFiles: DataFile[] = [];
  const sourceFiles: DataFile[] = [];
  const credentialFiles: DataFile[] = [];
  const problems: { file: string; path: string; message: string }[] = [];
  for (const dir of dirs) {
    const label = dir === base ? "@specready/core" : dir;
    const p = await jsonFiles(join(dir, "programs"), `${label}/programs`);
    const c = await jsonFiles(join(dir, "checklists"), `${label}/checklists`);
    const s = await jsonFiles(join(dir, "sources"), `${label}/sources`);
    const k = await jsonFiles(join(dir, "credentials"), `${label}/credentials`);
    programFiles.push(...p.files);
    checklistFiles.push(...c.files);
    sourceFiles.push(...s.files);
    credentialFiles.push(...k.files);
    problems.push(...p.problems, ...c.problems, ...s.problems, ...k.problems);
  }
  const result = loadPrograms(programFiles, checklistFiles, {
    sources: sourceFiles,
    credentials: credentialFiles,
  });
  if (problems.length > 0)
    return { ok: false, problems: [...problems, ...(result.ok ? [] : result.problems)] };
  return result;
}

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
export async function loadInstalledPrograms(
  extraDir?: string,
  candidate?: { readonly path: string },
): Promise<ProgramLoadResult> {
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
  if (candidate !== undefined) {
    // A file being authored: validated with the installed data it refers to (the sources its citations
    // name, the Module A it shares). An installed file with the same id is replaced by it.
    let json: unknown;
    try {
      json = JSON.parse(await readFile(candidate.path, "utf8"));
    } catch (error) {
      const message =
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? "no such file"
          : `is not valid JSON: ${(error as Error).message}`;
      return { ok: false, problems: [{ file: candidate.path, path: "(file)", message }] };
    }
    const id = typeof json === "object" && json !== null ? (json as { id?: unknown }).id : undefined;
    const isChecklist = typeof json === "object" && json !== null && "module" in json;
    const into = isChecklist ? checklistFiles : programFiles;
    const at = into.findIndex((f) => (f.json as { id?: unknown } | null)?.id === id);
    const file = { file: candidate.path, json };
    if (at >= 0 && id !== undefined) into[at] = file;
    else into.push(file);
  }
  const result = loadPrograms(programFiles, checklistFiles, {
    sources: sourceFiles,
    credentials: credentialFiles,
  });
  if (problems.length > 0)
    return { ok: false, problems: [...problems, ...(result.ok ? [] : result.problems)] };
  return result;
}

/*
 * Test builders: records and programs for the core's tests, built from defaults plus the few fields a
 * test is about, so each test states only what matters to it. The program is the real data of
 * `programs/` and `checklists/`, validated by `loadPrograms` like the edge does.
 */

import moduleA from "../../checklists/module-a-2024-08.json" with { type: "json" };
import moduleAV2 from "../../checklists/module-a-v2.json" with { type: "json" };
import moduleBInfraDbV14 from "../../checklists/module-b-infra-db-v1.4.json" with { type: "json" };
import moduleBV13 from "../../checklists/module-b-v1.3.json" with { type: "json" };
import moduleBV14 from "../../checklists/module-b-v1.4.json" with { type: "json" };
import moduleBV15 from "../../checklists/module-b-v1.5.json" with { type: "json" };
import moduleBV16 from "../../checklists/module-b-v1.6.json" with { type: "json" };
import moduleB from "../../checklists/module-b-v1.7.json" with { type: "json" };
import moduleBV165 from "../../checklists/module-b-v1.65.json" with { type: "json" };
import credentials from "../../credentials/microsoft-credentials.json" with { type: "json" };
import aiMlAzure202210 from "../../programs/ai-ml-azure-2022-10.json" with { type: "json" };
import aiMlAzureFy24 from "../../programs/ai-ml-azure-fy24.json" with { type: "json" };
import aiPlatformAzure202501 from "../../programs/ai-platform-azure-2025-01.json" with { type: "json" };
import aiPlatformAzure2026Provisional from "../../programs/ai-platform-azure-2026-provisional.json" with {
  type: "json",
};
import infraDbMigration2023 from "../../programs/infra-db-migration-2023.json" with { type: "json" };
import sources from "../../sources/sources.json" with { type: "json" };
import type { AuditWorkspace, WorkspaceEvidenceItem, WorkspaceProject } from "../audit/audit-workspace.js";
import type { CalendarDate, YearMonth } from "../calendar/calendar-date.js";
import {
  type DataFile,
  loadPrograms,
  type Program,
  type RegistryFiles,
} from "../program/program-definition.js";
import type {
  AuditEvidenceRecord,
  AuditHistoryRecord,
  CapabilityScoreRecord,
  CertificationRecord,
  UsageRecord,
} from "../records/input-records.js";
import { summarizeUsage, type UsageSummary } from "../rules/usage-summary.js";

/** The contract's program file as the edge reads it. */
export function programDataFiles(): DataFile[] {
  return [{ file: "ai-ml-azure-fy24.json", json: aiMlAzureFy24 }];
}

/** Every installed program version file: the contract's, the dated versions and the provisional one. */
export function allProgramDataFiles(): DataFile[] {
  return [
    ...programDataFiles(),
    { file: "ai-ml-azure-2022-10.json", json: aiMlAzure202210 },
    { file: "ai-platform-azure-2025-01.json", json: aiPlatformAzure202501 },
    { file: "ai-platform-azure-2026-provisional.json", json: aiPlatformAzure2026Provisional },
  ];
}

/** The checklist files as the edge reads them: every installed version, the earlier ones included. */
export function checklistDataFiles(): DataFile[] {
  return [
    { file: "module-a-v2.json", json: moduleAV2 },
    { file: "module-a-2024-08.json", json: moduleA },
    { file: "module-b-v1.3.json", json: moduleBV13 },
    { file: "module-b-v1.4.json", json: moduleBV14 },
    { file: "module-b-v1.5.json", json: moduleBV15 },
    { file: "module-b-v1.6.json", json: moduleBV16 },
    { file: "module-b-v1.65.json", json: moduleBV165 },
    { file: "module-b-v1.7.json", json: moduleB },
  ];
}

/** The source and credential registries as the edge reads them. */
export function registryDataFiles(): RegistryFiles {
  return {
    sources: [{ file: "sources.json", json: sources }],
    credentials: [{ file: "microsoft-credentials.json", json: credentials }],
  };
}

/** A deep copy of JSON data, to edit in a test without touching the imported module. */
export function cloneJson<T>(json: T): T {
  return JSON.parse(JSON.stringify(json)) as T;
}

/** The raw program JSON (a copy), to break or vary in a test. */
export function programJson(): typeof aiMlAzureFy24 {
  return cloneJson(aiMlAzureFy24);
}

/** The raw checklist JSON (copies). */
export function checklistJson(): { A: typeof moduleA; B: typeof moduleB } {
  return { A: cloneJson(moduleA), B: cloneJson(moduleB) };
}

let cachedAll: readonly Program[] | undefined;

/** Every installed program version, loaded and validated like the edge does; throws when it does not load. */
export function loadTestPrograms(): readonly Program[] {
  if (cachedAll !== undefined) return cachedAll;
  const result = loadPrograms(allProgramDataFiles(), checklistDataFiles(), registryDataFiles());
  if (!result.ok) {
    throw new Error(
      `the program data does not load: ${result.problems.map((p) => `${p.file} ${p.path}: ${p.message}`).join("; ")}`,
    );
  }
  cachedAll = result.programs;
  return cachedAll;
}

let cachedInfra: Program | undefined;
/**
 * The real `infra-db-migration-2023` program (Infra and Database Migration), loaded with every installed
 * checklist, its own Module B and the registries; throws when the data does not load.
 */
export function loadInfraProgram(): Program {
  if (cachedInfra !== undefined) return cachedInfra;
  const result = loadPrograms(
    [...allProgramDataFiles(), { file: "infra-db-migration-2023.json", json: infraDbMigration2023 }],
    [...checklistDataFiles(), { file: "module-b-infra-db-v1.4.json", json: moduleBInfraDbV14 }],
    registryDataFiles(),
  );
  if (!result.ok)
    throw new Error(
      `the program data does not load: ${result.problems.map((p) => `${p.file} ${p.path}: ${p.message}`).join("; ")}`,
    );
  cachedInfra = result.programs.find((p) => p.id === "infra-db-migration-2023");
  if (cachedInfra === undefined) throw new Error("infra-db-migration-2023 is missing");
  return cachedInfra;
}

/** The Infra and Database Migration program file as the edge reads it. */
export function infraProgramJson(): typeof infraDbMigration2023 {
  return cloneJson(infraDbMigration2023);
}

/** One installed program version by id. */
export function loadTestProgramVersion(id: string): Program {
  const program = loadTestPrograms().find((p) => p.id === id);
  if (program === undefined) throw new Error(`program ${id} is missing`);
  return program;
}

/** The real `ai-ml-azure-fy24` program, loaded and validated; throws when the data does not load. */
export function loadTestProgram(): Program {
  return loadTestProgramVersion("ai-ml-azure-fy24");
}

let line = 1;
/** The next line number for a built record (unique within a test run, starting after the header). */
function nextLine(): number {
  line += 1;
  return line;
}

/** A usage row: eligible AI ACR of USD 100.00 through DPOR ("Partner of record") unless overridden. */
export function buildUsage(overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    month: "2024-05",
    customerTenantId: "tenant-1",
    serviceGroup2: "AI",
    attribution: "Partner of record",
    acrUsd: "100.00",
    source: { file: "azure-usage.csv", line: nextLine() },
    ...overrides,
  };
}

/** Usage rows summarized as the reader does it. */
export function buildSummary(
  rows: readonly UsageRecord[],
  program: Program = loadTestProgram(),
): UsageSummary {
  return summarizeUsage(program, "azure-usage.csv", rows);
}

/** One row per customer and month, each of `amount`: the simplest usage of `customers` customers. */
export function usageFor(
  customers: readonly string[],
  months: readonly YearMonth[],
  amount: string,
): UsageRecord[] {
  return customers.flatMap((c) =>
    months.map((m) => buildUsage({ customerTenantId: c, month: m, acrUsd: amount })),
  );
}

/** A counting DP-100, earned 2024-01-15, of person p-1, unless overridden. */
export function buildCertification(overrides: Partial<CertificationRecord> = {}): CertificationRecord {
  return {
    personId: "p-1",
    certification: "DP-100",
    earnedDate: "2024-01-15",
    source: { file: "certifications.csv", line: nextLine() },
    ...overrides,
  };
}

/** Points of one metric of one area (canonical names, as the reader hands them over). */
export function buildScore(solutionArea: string, metric: string, points: string): CapabilityScoreRecord {
  return { solutionArea, metric, points, source: { file: "capability-score.csv", line: nextLine() } };
}

/** The five metrics of the program, in program order. */
export const METRICS = [
  "Net customer adds",
  "Intermediate certifications",
  "Advanced certifications",
  "Usage growth",
  "Deployments",
] as const;

export const DATA_AI = "Data & AI (Azure)";
export const DIGITAL_APP = "Digital & App Innovation (Azure)";

/** One row per metric of `area`, with the given points in `METRICS` order (missing entries: no row). */
export function fullScores(area: string, points: readonly string[]): CapabilityScoreRecord[] {
  return METRICS.flatMap((metric, i) => {
    const p = points[i];
    return p === undefined ? [] : [buildScore(area, metric, p)];
  });
}

/** Evidence for control B1.1 of customer c-1, completed 2024-03-01, unless overridden. */
export function buildEvidence(overrides: Partial<AuditEvidenceRecord> = {}): AuditEvidenceRecord {
  const control = overrides.control ?? "B1.1";
  return {
    module: control.slice(0, 1),
    control,
    customerTenantId: "c-1",
    deploymentDate: "2024-03-01",
    source: { file: "audit-evidence.csv", line: nextLine() },
    ...overrides,
  };
}

/** A Pass of A+B on 2023-06-01, unless overridden. */
export function buildHistory(overrides: Partial<AuditHistoryRecord> = {}): AuditHistoryRecord {
  return {
    module: "A+B",
    result: "Pass",
    date: "2023-06-01",
    source: { file: "audit-history.csv", line: nextLine() },
    ...overrides,
  };
}

/** Every control id of the program, Module A first. */
export function controlIds(program: Program = loadTestProgram()): string[] {
  return [...program.moduleA.controls, ...program.moduleB.controls].map((c) => c.id);
}

/**
 * Evidence for every control of the program from each of `customers`, completed on `date`: enough for
 * every control when there are at least three customers.
 */
export function evidenceForAllControls(
  customers: readonly string[],
  date: CalendarDate,
  program: Program = loadTestProgram(),
): AuditEvidenceRecord[] {
  return controlIds(program).flatMap((control) =>
    customers.map((c) => buildEvidence({ control, customerTenantId: c, deploymentDate: date })),
  );
}

/** Evidence for the controls of one module only. */
export function evidenceForModule(
  module: "A" | "B",
  customers: readonly string[],
  date: CalendarDate,
  program: Program = loadTestProgram(),
): AuditEvidenceRecord[] {
  return evidenceForAllControls(customers, date, program).filter((r) => r.module === module);
}

let itemNumber = 0;

/** A project of customer c-1 (no name), "Project 1", completed 2024-03-01, id p-1, unless overridden. */
export function buildProject(overrides: Partial<WorkspaceProject> = {}): WorkspaceProject {
  return {
    id: "p-1",
    customerTenantId: "c-1",
    customerName: null,
    project: "Project 1",
    completionDate: "2024-03-01",
    ...overrides,
  };
}

/**
 * An approved file (revision 1, approved as it is) of project p-1 backing B1.1, with a unique id and
 * title, unless overridden. Another status leaves it without an approval unless `approved` is given; a
 * link or a note has no revision.
 */
export function buildEvidenceItem(overrides: Partial<WorkspaceEvidenceItem> = {}): WorkspaceEvidenceItem {
  itemNumber += 1;
  const id = `e-${String(itemNumber).padStart(4, "0")}`;
  const kind = overrides.kind ?? "file";
  const status = overrides.status ?? "approved";
  const current =
    overrides.current !== undefined
      ? overrides.current
      : { revision: kind === "file" ? 1 : null, sha256: fakeSha256(id) };
  return {
    id,
    title: `Evidence ${String(itemNumber).padStart(4, "0")}`,
    kind,
    artifactType: "Solution design",
    projectId: "p-1",
    controls: ["B1.1"],
    status,
    current,
    approved: status === "approved" ? current : null,
    ...overrides,
  };
}

/** A stand-in SHA-256 (64 hex digits) that differs per `seed`. */
export function fakeSha256(seed: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0").repeat(8);
}

/** `count` evidence items of one project, all backing the same controls. */
export function buildEvidenceItems(
  count: number,
  overrides: Partial<WorkspaceEvidenceItem> = {},
): WorkspaceEvidenceItem[] {
  return Array.from({ length: count }, () => buildEvidenceItem(overrides));
}

/** An empty workspace: no projects, no evidence, no specialty chosen, no history. */
export function buildWorkspace(overrides: Partial<AuditWorkspace> = {}): AuditWorkspace {
  return { projects: [], evidence: [], specialties: {}, history: [], ...overrides };
}

/** The first practice specialty offered by each control that asks for one (B1.1, B2.1). */
export function chosenSpecialties(program: Program = loadTestProgram()): Record<string, string> {
  return Object.fromEntries(
    [...program.moduleA.controls, ...program.moduleB.controls]
      .filter((c) => c.practiceSpecialties.length > 0)
      .map((c) => [c.id, c.practiceSpecialties[0] as string]),
  );
}

/**
 * A register with one project per customer (id `p-<customer>`, completed on `date`) and, for each of
 * `controls` (default: every control of the program), the control's minimum of evidence items (one
 * where it sets none), with the specialties chosen: every control met with enough customers.
 */
export function workspaceFor(
  customers: readonly string[],
  date: CalendarDate,
  controls: readonly string[] = controlIds(),
  program: Program = loadTestProgram(),
): AuditWorkspace {
  const byId = new Map([...program.moduleA.controls, ...program.moduleB.controls].map((c) => [c.id, c]));
  const projects = customers.map((c) =>
    buildProject({ id: `p-${c}`, customerTenantId: c, project: `Project of ${c}`, completionDate: date }),
  );
  const evidence = projects.flatMap((p) =>
    controls.flatMap((control) =>
      buildEvidenceItems(byId.get(control)?.minimumArtifactsPerCustomer ?? 1, {
        projectId: p.id,
        controls: [control],
      }),
    ),
  );
  return buildWorkspace({ projects, evidence, specialties: chosenSpecialties(program) });
}

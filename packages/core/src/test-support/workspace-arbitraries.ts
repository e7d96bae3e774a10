import fc from "fast-check";
import type { AuditWorkspace } from "../audit/audit-workspace.js";
import { addDays, type CalendarDate, daysBetween } from "../calendar/calendar-date.js";
import { programControls } from "../program/program-definition.js";
import type { AuditEvidenceRecord, AuditHistoryRecord } from "../records/input-records.js";
import {
  buildEvidence,
  buildEvidenceItem,
  buildHistory,
  buildProject,
  buildWorkspace,
  controlIds,
  fakeSha256,
  loadTestProgram,
} from "./builders.js";

/*
 * Random evidence registers for property tests: a few customers (one tenant id in two cases), projects
 * around the dates tested, items of every review status (some approved for an earlier revision), the
 * practice specialties chosen or not, imported audit-evidence rows and an audit history.
 */

const program = loadTestProgram();

export const CONTROLS = controlIds(program);
const TENANTS = ["c-1", "C-1", "c-2", "c-3", "c-4", "c-5"];

export function dateBetween(from: CalendarDate, to: CalendarDate): fc.Arbitrary<CalendarDate> {
  return fc.integer({ min: 0, max: daysBetween(from, to) }).map((n) => addDays(from, n));
}

const projectArb = fc.record({
  tenant: fc.constantFrom(...TENANTS),
  name: fc.option(fc.constantFrom("Contoso", "Fabrikam", "Adatum", "Zeta"), { nil: null }),
  project: fc.constantFrom("Chatbot", "Forecasting", "Search"),
  completionDate: dateBetween("2023-01-01", "2025-07-31"),
});

/** An item of one of the projects, for a few of the `focus` controls (so that some controls are met). */
const itemArb = (projectCount: number, focus: readonly string[]) =>
  fc.record({
    project: fc.integer({ min: 0, max: projectCount }), // projectCount: a project not in the register
    controls: fc.uniqueArray(fc.constantFrom(...focus), { minLength: 1, maxLength: 3 }),
    title: fc.constantFrom("Design", "SOW", "Review", "design", "Test report"),
    status: fc.constantFrom("draft", "ready", "approved", "changes_requested" as const),
    /** An approved item is mostly approved as it is; sometimes its approval is of an earlier revision. */
    stale: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    revision: fc.integer({ min: 1, max: 3 }),
  });

const specialtyArb = (id: string): fc.Arbitrary<string | undefined> => {
  const options = programControls(program).find((c) => c.id === id)?.practiceSpecialties ?? [];
  return fc.constantFrom<string | undefined>(undefined, "Not a specialty", ...options);
};

const importedArb: fc.Arbitrary<AuditEvidenceRecord> = fc
  .record({
    control: fc.constantFrom(...CONTROLS),
    tenant: fc.constantFrom(...TENANTS),
    date: dateBetween("2022-10-01", "2025-09-30"),
  })
  .map((r) => buildEvidence({ control: r.control, customerTenantId: r.tenant, deploymentDate: r.date }));

const historyArb: fc.Arbitrary<AuditHistoryRecord> = fc
  .record({
    module: fc.constantFrom("A", "B", "A+B", "AEMSP-3.A"),
    result: fc.constantFrom("Pass", "No Pass" as const),
    date: dateBetween("2021-01-01", "2025-06-30"),
  })
  .map((h) => buildHistory(h));

export const workspaceArb: fc.Arbitrary<AuditWorkspace> = fc
  .array(projectArb, { minLength: 0, maxLength: 8 })
  .chain((projects) =>
    fc.record({
      projects: fc.constant(projects),
      items: fc
        .uniqueArray(fc.constantFrom(...CONTROLS), { minLength: 1, maxLength: 5 })
        .chain((focus) => fc.array(itemArb(projects.length, focus), { maxLength: 60 })),
      b11: specialtyArb("B1.1"),
      b21: specialtyArb("B2.1"),
      imported: fc.option(fc.array(importedArb, { maxLength: 8 }), { nil: undefined }),
      history: fc.array(historyArb, { maxLength: 3 }),
    }),
  )
  .map((g) => {
    const projects = g.projects.map((p, i) =>
      buildProject({
        id: `p-${i}`,
        customerTenantId: p.tenant,
        customerName: p.name,
        project: p.project,
        completionDate: p.completionDate,
      }),
    );
    const evidence = g.items.map((item, i) => {
      const id = `e-${String(i).padStart(2, "0")}`;
      const current = { revision: item.revision, sha256: fakeSha256(`${id}/${item.revision}`) };
      const earlier = { revision: item.revision - 1, sha256: fakeSha256(`${id}/${item.revision - 1}`) };
      return buildEvidenceItem({
        id,
        title: item.title,
        projectId: `p-${item.project}`,
        controls: item.controls,
        status: item.status,
        current,
        approved: item.status !== "approved" ? null : item.stale && item.revision > 1 ? earlier : current,
      });
    });
    const specialties: Record<string, string> = {};
    if (g.b11 !== undefined) specialties["B1.1"] = g.b11;
    if (g.b21 !== undefined) specialties["B2.1"] = g.b21;
    return buildWorkspace({
      projects,
      evidence,
      specialties,
      importedEvidence: g.imported,
      history: g.history,
    });
  });

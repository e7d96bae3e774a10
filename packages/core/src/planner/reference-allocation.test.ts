import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, type CalendarDate } from "../calendar/calendar-date.js";
import { programControls } from "../program/program-definition.js";
import {
  buildEvidenceItem,
  buildProject,
  buildWorkspace,
  loadTestProgram,
} from "../test-support/builders.js";
import { greedyCover } from "./cover-solver.js";
import {
  allocateReferences,
  type PlannerRegister,
  registerFromEvidenceRecords,
  registerFromWorkspace,
} from "./reference-allocation.js";

const program = loadTestProgram();
const AUDIT: CalendarDate = "2027-01-31";
const controls = programControls(program);

function options(acr: string[] = []) {
  return { auditDate: AUDIT, moduleAWaived: false, acrCustomers: new Set(acr) };
}

describe("allocateReferences", () => {
  it("names the fewest customers, the artifacts each still needs and when each project ages out", () => {
    // Litware has approved evidence for every control but B3.1; Proseware for B-controls; Lamna for a few.
    const items = [
      ...controls
        .filter((c) => c.id !== "B3.1")
        .flatMap((c) =>
          Array.from({ length: c.minimumArtifactsPerCustomer ?? 1 }, () =>
            buildEvidenceItem({ projectId: "litware", controls: [c.id] }),
          ),
        ),
      ...controls
        .filter((c) => c.id.startsWith("B") && c.id !== "B2.2")
        .flatMap((c) =>
          Array.from({ length: c.minimumArtifactsPerCustomer ?? 1 }, () =>
            buildEvidenceItem({ projectId: "proseware", controls: [c.id] }),
          ),
        ),
      buildEvidenceItem({
        projectId: "proseware",
        controls: ["B2.2"],
        title: "WAR export",
        status: "changes_requested",
      }),
      buildEvidenceItem({ projectId: "lamna", controls: ["B1.1"] }),
      buildEvidenceItem({ projectId: "lamna", controls: ["B1.1"] }),
    ];
    const workspace = buildWorkspace({
      projects: [
        buildProject({
          id: "litware",
          customerTenantId: "t-lit",
          customerName: "Litware",
          completionDate: "2026-09-01",
        }),
        buildProject({
          id: "proseware",
          customerTenantId: "t-pro",
          customerName: "Proseware",
          completionDate: "2026-06-13",
        }),
        buildProject({
          id: "lamna",
          customerTenantId: "t-lam",
          customerName: "Lamna",
          completionDate: "2026-06-24",
        }),
        // Completed a day too early for the window on the audit date.
        buildProject({
          id: "fabrikam",
          customerTenantId: "t-fab",
          customerName: "Fabrikam",
          completionDate: "2026-01-30",
        }),
      ],
      evidence: items,
    });
    const allocation = allocateReferences(
      program,
      registerFromWorkspace(program, workspace),
      options(["t-lit"]),
    );
    expect(allocation.exact).toBe(true);
    expect(allocation.candidateCount).toBe(3);
    expect(allocation.customers.map((c) => c.name)).toEqual(["Lamna", "Litware", "Proseware"]);
    const lamna = allocation.customers.find((c) => c.name === "Lamna");
    expect(lamna?.agesOutOn).toBe("2027-06-25");
    const b31 = lamna?.controls.find((c) => c.control === "B3.1");
    expect(b31).toMatchObject({ state: "missing", artifactsMissing: 2 });
    expect(b31?.todo).toMatch(/Add 2 artifacts for B3\.1/);
    expect(b31?.suggestedArtifacts.length).toBeGreaterThan(1);
    const proB22 = allocation.customers
      .find((c) => c.name === "Proseware")
      ?.controls.find((c) => c.control === "B2.2");
    expect(proB22).toMatchObject({ state: "review", artifactsMissing: 0 });
    expect(proB22?.todo).toBe('Revise "WAR export" as the reviewer asked and get it approved.');
    const grid = allocation.grid.find((g) => g.control === "B3.1");
    expect(grid?.customers).toHaveLength(3);
    expect(allocation.summary).toContain("the smallest possible set, proven");
    // No practice specialty chosen in this workspace: B1.1 and B2.1 say so.
    expect(allocation.specialtiesToChoose).toEqual(["B1.1", "B2.1"]);
    expect(allocation.summary).toContain("Choose the practice specialty of B1.1 and B2.1");
  });

  it("says what cannot be covered when too few customers have a project in the window", () => {
    const register = registerFromEvidenceRecords([]);
    const withOne: PlannerRegister = {
      projects: [
        {
          id: "p",
          customerTenantId: "t-1",
          customerName: "One",
          project: "P",
          completionDate: "2026-12-01",
          aiServices: null,
        },
      ],
      evidence: [],
    };
    expect(allocateReferences(program, register, options()).customers).toEqual([]);
    const one = allocateReferences(program, withOne, options());
    expect(one.customers).toHaveLength(1);
    expect(one.uncoverable.map((u) => u.control)).toContain("B3.1");
    expect(one.summary).toContain("cannot be covered");
  });

  it("with Module A waived needs only Module B, and a project without AI services serves no Module B control", () => {
    const register: PlannerRegister = {
      projects: [
        {
          id: "lz",
          customerTenantId: "t-lz",
          customerName: "Landing zone",
          project: "LZ",
          completionDate: "2026-12-01",
          aiServices: [],
        },
        ...["a", "b", "c"].map((x) => ({
          id: x,
          customerTenantId: `t-${x}`,
          customerName: x.toUpperCase(),
          project: x,
          completionDate: "2026-10-01",
          aiServices: ["Azure OpenAI"],
        })),
      ],
      evidence: [],
    };
    const waived = allocateReferences(program, register, { ...options(), moduleAWaived: true });
    expect(waived.customers.map((c) => c.tenantId)).toEqual(["t-a", "t-b", "t-c"]);
    expect(waived.grid.map((g) => g.control).every((id) => id.startsWith("B"))).toBe(true);
  });

  it("is never larger than a greedy cover on random registers of the program's controls", () => {
    const registerArb = fc
      .array(
        fc.record({
          days: fc.integer({ min: 0, max: 500 }),
          ai: fc.boolean(),
          controls: fc.subarray(controls.map((c) => c.id)),
        }),
        { maxLength: 25 },
      )
      .map(
        (rows): PlannerRegister => ({
          projects: rows.map((r, i) => ({
            id: `p${i}`,
            customerTenantId: `t${i % 18}`,
            customerName: null,
            project: `P${i}`,
            completionDate: addDays(AUDIT, -r.days),
            aiServices: r.ai ? ["Azure OpenAI"] : [],
          })),
          evidence: rows.flatMap((r, i) =>
            r.controls.map((c) => ({
              projectId: `p${i}`,
              control: c,
              title: `${c} of p${i}`,
              artifactType: null,
              counts: true,
              status: "approved" as const,
            })),
          ),
        }),
      );
    fc.assert(
      fc.property(registerArb, (register) => {
        const allocation = allocateReferences(program, register, options());
        expect(allocation.exact).toBe(true);
        // The same cover problem, solved greedily by customer.
        const customers = [
          ...new Set(
            register.projects.filter((p) => p.completionDate >= "2026-01-31").map((p) => p.customerTenantId),
          ),
        ];
        const problem = {
          targets: controls.length,
          required: controls.map((c) => c.requiredCustomers),
          candidates: customers.map((t) => ({
            covers: controls.flatMap((c, k) =>
              register.projects.some(
                (p) =>
                  p.customerTenantId === t &&
                  p.completionDate >= "2026-01-31" &&
                  (c.id.startsWith("A") || (p.aiServices?.length ?? 0) > 0),
              )
                ? [k]
                : [],
            ),
            weight: 0,
          })),
        };
        expect(allocation.customers.length).toBeLessThanOrEqual(greedyCover(problem).length);
      }),
      { numRuns: 100 },
    );
  });

  it("equals brute force on small registers: no smaller set of customers covers what can be covered", () => {
    const registerArb = fc
      .array(fc.record({ days: fc.integer({ min: 0, max: 420 }), ai: fc.boolean() }), { maxLength: 9 })
      .map(
        (rows): PlannerRegister => ({
          projects: rows.map((r, i) => ({
            id: `p${i}`,
            customerTenantId: `t${i % 7}`,
            customerName: null,
            project: `P${i}`,
            completionDate: addDays(AUDIT, -r.days),
            aiServices: r.ai ? ["Azure OpenAI"] : [],
          })),
          evidence: [],
        }),
      );
    fc.assert(
      fc.property(registerArb, fc.boolean(), (register, waived) => {
        const allocation = allocateReferences(program, register, { ...options(), moduleAWaived: waived });
        const needed = waived ? program.moduleB.controls : controls;
        const inWindow = register.projects.filter((p) => p.completionDate >= "2026-01-31");
        const customers = [...new Set(inWindow.map((p) => p.customerTenantId))];
        const serves = (t: string, id: string) =>
          inWindow.some(
            (p) => p.customerTenantId === t && (id.startsWith("A") || (p.aiServices?.length ?? 0) > 0),
          );
        const covers = (set: readonly string[]) =>
          needed.every(
            (c) =>
              set.filter((t) => serves(t, c.id)).length >=
              Math.min(c.requiredCustomers, customers.filter((t) => serves(t, c.id)).length),
          );
        let smallest = Number.POSITIVE_INFINITY;
        for (let mask = 0; mask < 1 << customers.length; mask++) {
          const set = customers.filter((_, i) => mask & (1 << i));
          if (set.length < smallest && covers(set)) smallest = set.length;
        }
        expect(allocation.exact).toBe(true);
        expect(covers(allocation.customers.map((c) => c.tenantId))).toBe(true);
        expect(allocation.customers.length).toBe(smallest);
      }),
      { numRuns: 200 },
    );
  });
});

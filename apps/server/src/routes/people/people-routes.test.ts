import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkJson as checkCli, dataFolder } from "../../test-support/check-json.js";
import {
  createOrg,
  errorCode,
  expectJson,
  importFile,
  STARTUP_TIMEOUT,
  type TestOrg,
  TestServer,
} from "../../test-support/test-server.js";

const ready = fileURLToPath(
  new URL("../../../../../examples/contract-examples/ready/data/", import.meta.url),
);
const readyFile = (name: string) => readFile(join(ready, name), "utf8");
const AS_OF = "2025-09-10";
/** Several imports and two readings of the command line: more than a test's default on a busy machine. */
const LONG = 120_000;

interface PersonBody {
  id: string;
  personId: string;
  name: string | null;
  certifications: {
    id: string;
    certification: string;
    status: string;
    origin: "import" | "workspace";
    editedAt: string | null;
  }[];
}
interface PeopleBody {
  people: PersonBody[];
  choices: { id: string; countsAs: string | null }[];
  editedRows: number;
}
interface StepBody {
  kind: string;
  done: boolean;
  where: string[] | null;
  report: string | null;
  sources: { url: string }[];
  range: string | null;
  replaces: string | null;
}
interface ActivityBody {
  entries: { action: string; summary: string; details: Record<string, unknown> }[];
}

/** The four people of the contract's ready example, as someone types them on the People page. */
const readyPeople = [
  {
    personId: "nadia@litware-partners.example",
    certifications: [{ certification: "DP-100", earnedOn: "2025-03-03" }],
  },
  {
    personId: "omar@litware-partners.example",
    certifications: [
      { certification: "Azure Data Scientist Associate", earnedOn: "2024-11-20", expiresOn: "2025-11-20" },
    ],
  },
  {
    personId: "pia@litware-partners.example",
    certifications: [{ certification: "AZ-305", earnedOn: "2025-01-15" }],
  },
  {
    personId: "quinn@litware-partners.example",
    certifications: [{ certification: "AI-102", earnedOn: "2025-06-30" }],
  },
];

/** The ready example's capability score, typed in the form as shown on a date. */
const readyScore = {
  shownOn: "2025-09-01",
  solutionArea: "Digital and App Innovation (Azure)",
  points: {
    "Net customer adds": "30",
    "Intermediate certifications": "15",
    "Advanced certifications": "10",
    "Usage growth": "10",
    Deployments: "12",
  },
};

describe.each(testBackends)("people, certifications and the capability score on %s", (backend) => {
  let server: TestServer;
  let work: string;
  beforeAll(async () => {
    server = await TestServer.start(backend);
    work = await mkdtemp(join(tmpdir(), "specready-people-test-"));
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  const evaluation = async (org: TestOrg) =>
    expectJson(await org.members.viewer.client.get(org.path(`/evaluation?asOf=${AS_OF}`)), 200);
  const people = async (org: TestOrg) =>
    expectJson<PeopleBody>(await org.members.viewer.client.get(org.path("/people")), 200);
  const activity = async (org: TestOrg) =>
    (await expectJson<ActivityBody>(await org.admin.client.get(org.path("/activity")), 200)).entries;
  const steps = async (org: TestOrg) =>
    await expectJson<{ steps: StepBody[]; done: number }>(
      await org.members.viewer.client.get(org.path("/getting-started")),
      200,
    );

  it(
    "goes from an empty organization to the ready example's readiness with forms and one usage upload, as specready check reads the equivalent files",
    async () => {
      const org = await createOrg(server, "From forms");
      const empty = await steps(org);
      expect(empty.done).toBe(0);
      expect(empty.steps.map((s) => [s.kind, s.done])).toEqual([
        ["azure-usage", false],
        ["certifications", false],
        ["capability-score", false],
        ["audit-evidence", false],
      ]);
      const usageStep = empty.steps[0] as StepBody;
      expect(usageStep.where).toEqual(["Partner Center", "Insights", "Download reports"]);
      expect(usageStep.report).toBe("AzureUsage");
      expect(usageStep.range).toMatch(/last 3 full months/);
      expect(usageStep.replaces).toMatch(/replaces that month/);
      expect(usageStep.sources.map((s) => s.url)).toContain(
        "https://learn.microsoft.com/en-us/partner-center/insights/insights-data-frequency",
      );

      // A contributor types the people, a partner admin the score; the usage report is the one upload.
      for (const p of readyPeople)
        await expectJson(await org.members.contributor.client.post(org.path("/people"), p), 201);
      await expectJson(await org.admin.client.post(org.path("/capability-score/entries"), readyScore), 201);
      const usage = await importFile(
        org.admin.client,
        org.id,
        "azure-usage",
        "azure-usage.csv",
        await readyFile("azure-usage.csv"),
      );
      expect(usage.job.state).toBe("done");
      const evidence = await importFile(
        org.admin.client,
        org.id,
        "audit-evidence",
        "audit-evidence.csv",
        await readyFile("audit-evidence.csv"),
      );
      expect(evidence.job.state).toBe("done");

      const served = (await evaluation(org)) as { ready: boolean };
      expect(served.ready).toBe(true);
      // The equivalent files: the example's own, written by hand.
      const files = {
        "azure-usage.csv": await readyFile("azure-usage.csv"),
        "certifications.csv": await readyFile("certifications.csv"),
        "capability-score.csv": await readyFile("capability-score.csv"),
        "audit-evidence.csv": await readyFile("audit-evidence.csv"),
      };
      expect(served).toEqual(
        await checkCli(server.ctx.programs, await dataFolder(work, `${backend}-files`, files), AS_OF),
      );
      // And the workspace's exports are such files: specready check on them gives the same evaluation.
      const exported = {
        ...files,
        "certifications.csv": await (await org.members.viewer.client.get(org.path("/people/export"))).text(),
        "capability-score.csv": await (
          await org.members.viewer.client.get(org.path("/capability-score/export"))
        ).text(),
      };
      expect(served).toEqual(
        await checkCli(server.ctx.programs, await dataFolder(work, `${backend}-export`, exported), AS_OF),
      );

      const after = await steps(org);
      expect(after.steps.map((s) => s.done)).toEqual([true, true, true, true]);
      const certificationRows = readyPeople.reduce((n, p) => n + p.certifications.length, 0);
      expect(Object.fromEntries(after.steps.map((s) => [s.kind, s.status]))).toEqual({
        "azure-usage": expect.stringMatching(/^\d+ months imported, \d{4}-\d{2} to \d{4}-\d{2}\.$/),
        certifications: `${readyPeople.length} people with ${certificationRows} certifications.`,
        "capability-score": "1 entry, the latest as shown on 2025-09-01.",
        "audit-evidence": `${evidence.job.rows} evidence rows.`,
      });
      expect(evidence.job.rows).toBeGreaterThan(1);
      const log = await activity(org);
      expect(log.filter((e) => e.action === "person.created")).toHaveLength(4);
      expect(log.find((e) => e.action === "capability_score.recorded")?.summary).toMatch(
        /Digital & App Innovation \(Azure\) as shown in Partner Center on 2025-09-01: .*total 77/,
      );

      // An earlier score entry: the checklist counts both and names the latest date shown.
      await expectJson(
        await org.admin.client.post(org.path("/capability-score/entries"), {
          ...readyScore,
          shownOn: "2025-08-01",
        }),
        201,
      );
      const twoEntries = await steps(org);
      expect(twoEntries.steps.find((s) => s.kind === "capability-score")?.status).toBe(
        "2 entries, the latest as shown on 2025-09-01.",
      );
    },
    LONG,
  );

  it("lets partner admins and contributors change people, and every role read them", async () => {
    const org = await createOrg(server, "Roles");
    const body = {
      personId: "ana@contoso.example",
      name: "Ana",
      certifications: [{ certification: "AI-103" }],
    };
    for (const role of ["viewer", "auditor"] as const) {
      const res = await org.members[role].client.post(org.path("/people"), body);
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe("auth.forbidden");
    }
    const ana = await expectJson<PersonBody>(
      await org.members.contributor.client.post(org.path("/people"), body),
      201,
    );
    // AI-103 is accepted in AI-102's place from 2026 (the provisional version only): free text, shown as it counts today.
    expect(ana.certifications[0]?.certification).toBe("AI-103");
    const dup = await org.admin.client.post(org.path("/people"), {
      ...body,
      personId: "ANA@contoso.example",
    });
    expect(await errorCode(dup)).toBe("person.duplicate");
    for (const role of ["partner_admin", "contributor", "auditor", "viewer"] as const) {
      const list = await expectJson<PeopleBody>(await org.members[role].client.get(org.path("/people")), 200);
      expect(list.people.map((p) => p.personId)).toEqual(["ana@contoso.example"]);
      // Each person carries what this caller may do to them, from the policy table the routes use.
      expect((list.people[0] as unknown as { allowedActions: string[] }).allowedActions).toEqual(
        role === "partner_admin" || role === "contributor" ? ["people.write"] : [],
      );
    }
    const backwards = await org.admin.client.patch(
      org.path(`/people/${ana.id}/certifications/${ana.certifications[0]?.id}`),
      { earnedOn: "2025-05-01", expiresOn: "2025-01-01" },
    );
    expect(backwards.status).toBe(400);
  });

  it(
    "shows what a certifications import adds, changes and removes, and asks before it overwrites a People-page edit",
    async () => {
      const org = await createOrg(server, "Import diff");
      const file1 = [
        "PersonId,PersonName,Certification,EarnedDate,ExpirationDate,Associated",
        "ana@contoso.example,Ana,DP-100,2025-03-03,,",
        "ben@contoso.example,Ben,AI-102,2025-04-04,,",
        "cleo@contoso.example,Cleo,AI-102,2025-05-05,,",
        "",
      ].join("\n");
      const first = await importFile(org.admin.client, org.id, "certifications", "hr-export.csv", file1);
      expect(first.job.state).toBe("done");
      // Nothing changed since the import: the evaluation reads the file as imported.
      const imported = (await evaluation(org)) as { inputs: unknown[] };
      expect(imported.inputs).toContainEqual({ kind: "certifications", file: "hr-export.csv", rows: 3 });
      // Ben's Learn profile turns out not to be associated; Dara passed AI-102 yesterday.
      const list = await people(org);
      const ben = list.people.find((p) => p.personId === "ben@contoso.example") as PersonBody;
      await expectJson(
        await org.members.contributor.client.patch(
          org.path(`/people/${ben.id}/certifications/${ben.certifications[0]?.id}`),
          {
            associated: false,
          },
        ),
        200,
      );
      await expectJson(
        await org.members.contributor.client.post(org.path("/people"), {
          personId: "dara@contoso.example",
          name: "Dara",
          certifications: [{ certification: "AI-102", earnedOn: "2025-09-09" }],
        }),
        201,
      );
      expect((await people(org)).editedRows).toBe(2);
      const edited = (await evaluation(org)) as { inputs: unknown[] };
      expect(edited.inputs).toContainEqual({ kind: "certifications", file: "certifications.csv", rows: 4 });

      // The next HR export still says Ben is associated, has no Dara, and Cleo renewed.
      const file2 = [
        "PersonId,PersonName,Certification,EarnedDate,ExpirationDate,Associated",
        "ana@contoso.example,Ana,DP-100,2025-03-03,,",
        "ben@contoso.example,Ben,AI-102,2025-04-04,,Yes",
        "cleo@contoso.example,Cleo,AI-102,2025-05-05,2026-05-05,",
        "",
      ].join("\n");
      const asked = await importFile(org.admin.client, org.id, "certifications", "hr-export.csv", file2);
      expect(asked.job.state).toBe("needs_confirmation");
      expect(asked.job.confirmations).toEqual(["replace"]);
      expect(asked.job.impact?.message).toMatch(/overwrite 2 changes made on the People page/);
      expect(asked.job.impact?.message).toMatch(
        /change AI-102 of Ben \(associated\), edited in the workspace by/,
      );
      expect(asked.job.impact?.message).toMatch(/remove AI-102 of Dara, entered in the workspace by/);
      expect(asked.job.impact?.conflicts).toHaveLength(2);
      // Nothing was applied while it waits.
      expect((await people(org)).editedRows).toBe(2);

      const confirmed = await importFile(org.admin.client, org.id, "certifications", "hr-export.csv", file2, {
        confirmReplace: true,
      });
      expect(confirmed.job.state).toBe("done");
      const afterImport = await people(org);
      expect(afterImport.editedRows).toBe(0);
      expect(afterImport.people.map((p) => p.personId).sort()).toEqual([
        "ana@contoso.example",
        "ben@contoso.example",
        "cleo@contoso.example",
        "dara@contoso.example",
      ]);
      expect(afterImport.people.find((p) => p.personId === "dara@contoso.example")?.certifications).toEqual(
        [],
      );
      const created = (await activity(org)).find((e) => e.action === "import.created");
      expect(created?.details.people).toEqual({
        added: 0,
        changed: 2,
        removed: 1,
        unchanged: 1,
        conflicts: 2,
      });
      expect(created?.summary).toMatch(/people: certification rows: 2 changed, 1 removed, 1 unchanged/);
      const log = (await activity(org)).map((e) => e.action);
      expect(log).toContain("person.certification_updated");
      expect(log).toContain("person.created");

      // The evaluation reads the import as imported again; its undo brings the first file's rows back.
      const reimported = (await evaluation(org)) as { inputs: unknown[] };
      expect(reimported.inputs).toContainEqual({ kind: "certifications", file: "hr-export.csv", rows: 3 });
      const undone = await org.admin.client.post(org.path(`/imports/${confirmed.job.import?.id}/revert`), {});
      expect(undone.status).toBe(200);
      const restored = await people(org);
      const cleo = restored.people.find((p) => p.personId === "cleo@contoso.example");
      expect(cleo?.certifications.map((c) => c.origin)).toEqual(["import"]);
      expect(((await evaluation(org)) as { inputs: unknown[] }).inputs).toContainEqual({
        kind: "certifications",
        file: "hr-export.csv",
        rows: 3,
      });
    },
    LONG,
  );

  it("keeps every capability score entry with its date: typed entries and imports form one history", async () => {
    const org = await createOrg(server, "Score history");
    const early = {
      ...readyScore,
      shownOn: "2025-06-01",
      points: { ...readyScore.points, "Net customer adds": "10" },
    };
    await expectJson(await org.admin.client.post(org.path("/capability-score/entries"), early), 201);
    const missing = await org.admin.client.post(org.path("/capability-score/entries"), {
      ...readyScore,
      points: { "Net customer adds": "3" },
    });
    expect(await errorCode(missing)).toBe("score.missing_metric");
    const future = await org.admin.client.post(org.path("/capability-score/entries"), {
      ...readyScore,
      shownOn: "2099-01-01",
    });
    expect(await errorCode(future)).toBe("score.future_date");
    const imported = await importFile(
      org.admin.client,
      org.id,
      "capability-score",
      "capability-score.csv",
      await readyFile("capability-score.csv"),
    );
    expect(imported.job.state).toBe("done");
    const view = await expectJson<{
      entries: { kind: string; id: string }[];
      history: { kind: string; areas: { area: string; totalPoints: string; met: boolean }[] }[];
    }>(await org.members.auditor.client.get(org.path("/capability-score")), 200);
    expect(view.history.map((h) => [h.kind, h.areas.map((a) => [a.totalPoints, a.met])])).toEqual([
      ["form", [["57", false]]],
      ["import", [["77", true]]],
    ]);
    // An import's entry goes with the import's undo, not on its own.
    const importEntry = view.entries.find((e) => e.kind === "import") as { id: string };
    const refused = await org.admin.client.delete(org.path(`/capability-score/entries/${importEntry.id}`));
    expect(await errorCode(refused)).toBe("score.imported");
    await org.admin.client.post(org.path(`/imports/${imported.job.import?.id}/revert`), {});
    const afterUndo = await expectJson<{ history: unknown[] }>(
      await org.admin.client.get(org.path("/capability-score")),
      200,
    );
    expect(afterUndo.history).toHaveLength(1);
    const designation = (
      (await evaluation(org)) as { requirements: { id: string; status: string }[] }
    ).requirements.find((q) => q.id === "designation");
    expect(designation?.status).toBe("not_met");
  });
});

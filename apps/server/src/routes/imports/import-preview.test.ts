import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { todayFrom } from "@specready/core";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOrg,
  errorCode,
  expectJson,
  importFile,
  type JobBody,
  orgState,
  STARTUP_TIMEOUT,
  type TestOrg,
  TestServer,
  waitForJob,
} from "../../test-support/test-server.js";

const readyScore = fileURLToPath(
  new URL("../../../../../examples/contract-examples/ready/data/capability-score.csv", import.meta.url),
);

interface PersonBody {
  id: string;
  personId: string;
  certifications: {
    id: string;
    certification: string;
    earnedOn: string | null;
    expiresOn: string | null;
    associated: boolean | null;
  }[];
}

const HEADER = "PersonId,PersonName,Certification,EarnedDate,ExpirationDate,Associated";
const csv = (...rows: string[]) => [HEADER, ...rows, ""].join("\n");

describe.each(testBackends)("the preview of an import, on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend);
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  const people = async (org: TestOrg) =>
    (
      await expectJson<{ people: PersonBody[] }>(
        await org.members.viewer.client.get(org.path("/people")),
        200,
      )
    ).people;
  /** What an import could change: the people records, the imports and their records, the score. */
  const records = async (org: TestOrg) => {
    const state = await orgState(server.db, org.id);
    return {
      people: state.people,
      certifications: state.person_certifications,
      imports: state.imports,
      importRecords: state.import_records,
      score: state.capability_score_entries,
    };
  };

  it("lists what a certifications file adds, changes and removes, with People-page edits as conflicts, before anything changes; cancel leaves the records, apply makes them the file's", async () => {
    const org = await createOrg(server, "Preview Partners");
    const first = await importFile(
      org.admin.client,
      org.id,
      "certifications",
      "hr-export.csv",
      csv(
        "ana@contoso.example,Ana,DP-100,2025-03-03,,",
        "ben@contoso.example,Ben,AI-102,2025-04-04,,Yes",
        "cleo@contoso.example,Cleo,AI-102,2025-05-05,,",
        "eve@contoso.example,Eve,AZ-305,2025-02-02,,",
      ),
    );
    expect(first.job.state).toBe("done");
    // On the People page, a contributor records that Ben's certification is not associated.
    const ben = (await people(org)).find((p) => p.personId === "ben@contoso.example") as PersonBody;
    await expectJson(
      await org.members.contributor.client.patch(
        org.path(`/people/${ben.id}/certifications/${ben.certifications[0]?.id}`),
        { associated: false },
      ),
      200,
    );
    const before = await records(org);

    // The next export: Ben associated again (overwrites the edit), Cleo renewed, Eve gone, Dan new.
    const file2 = csv(
      "ana@contoso.example,Ana,DP-100,2025-03-03,,",
      "ben@contoso.example,Ben,AI-102,2025-04-04,,Yes",
      "cleo@contoso.example,Cleo,AI-102,2025-05-05,2026-05-05,",
      "dan@contoso.example,Dan,DP-100,2025-09-09,,",
    );
    const { job } = await importFile(
      org.members.contributor.client,
      org.id,
      "certifications",
      "hr-2.csv",
      file2,
      {
        preview: true,
      },
    );
    expect(job.state).toBe("needs_confirmation");
    expect(job.confirmations).toEqual(["replace", "changes"]);
    expect(job.code).toBe("import.confirm_replace");
    const preview = job.impact?.people;
    expect(preview).toMatchObject({ added: 1, changed: 2, removed: 1, unchanged: 1, conflicts: 1, more: 0 });
    // Conflicts first, then by person and certification.
    expect(preview?.lines).toEqual([
      {
        action: "change",
        personId: "ben@contoso.example",
        certification: "AI-102",
        before: { personName: "Ben", earnedDate: "2025-04-04", associated: false },
        after: { personName: "Ben", earnedDate: "2025-04-04", associated: true },
        fields: ["associated"],
        conflict: true,
        editedBy: org.members.contributor.name,
      },
      {
        action: "change",
        personId: "cleo@contoso.example",
        certification: "AI-102",
        before: { personName: "Cleo", earnedDate: "2025-05-05" },
        after: { personName: "Cleo", earnedDate: "2025-05-05", expirationDate: "2026-05-05" },
        fields: ["expirationDate"],
        conflict: false,
      },
      {
        action: "add",
        personId: "dan@contoso.example",
        certification: "DP-100",
        after: { personName: "Dan", earnedDate: "2025-09-09" },
        conflict: false,
      },
      {
        action: "remove",
        personId: "eve@contoso.example",
        certification: "AZ-305",
        before: { personName: "Eve", earnedDate: "2025-02-02" },
        conflict: false,
      },
    ]);
    // Nothing changed while it waits, and a confirmation without the preview's is refused.
    expect(await records(org)).toEqual(before);
    const partial = await org.admin.client.post(org.path(`/import-jobs/${job.id}/confirm`), {
      confirmReplace: true,
    });
    expect(`${partial.status} ${await errorCode(partial)}`).toBe("409 import.confirm_changes");
    expect(await records(org)).toEqual(before);

    // Cancelled: the records are untouched, Ben's edit stays.
    const cancelled = await expectJson<JobBody>(
      await org.members.contributor.client.post(org.path(`/import-jobs/${job.id}/cancel`)),
      200,
    );
    expect(cancelled.state).toBe("cancelled");
    expect(await records(org)).toEqual(before);

    // Asked again and applied: the records are the file's.
    const again = await importFile(org.admin.client, org.id, "certifications", "hr-2.csv", file2, {
      preview: true,
    });
    expect(again.job.impact?.people?.lines).toHaveLength(4);
    expect(await records(org)).toEqual(before);
    await expectJson(
      await org.admin.client.post(org.path(`/import-jobs/${again.job.id}/confirm`), {
        confirmReplace: true,
        confirmChanges: true,
      }),
      202,
    );
    const done = await waitForJob(org.admin.client, org.id, again.job.id);
    expect(done.state).toBe("done");
    expect(done.impact?.people).toEqual(preview);
    const after = await people(org);
    expect(after.map((p) => p.personId).sort()).toEqual([
      "ana@contoso.example",
      "ben@contoso.example",
      "cleo@contoso.example",
      "dan@contoso.example",
      "eve@contoso.example",
    ]);
    expect(after.find((p) => p.personId === "eve@contoso.example")?.certifications).toEqual([]);
    expect(after.find((p) => p.personId === "ben@contoso.example")?.certifications[0]?.associated).toBe(true);
  });

  it("bounds the list to 50 lines and counts the rest", async () => {
    const org = await createOrg(server, "Many People");
    const rows = Array.from(
      { length: 60 },
      (_, i) => `p${String(i).padStart(2, "0")}@contoso.example,P ${i},DP-100,2025-03-03,,`,
    );
    const { job } = await importFile(org.admin.client, org.id, "certifications", "many.csv", csv(...rows), {
      preview: true,
    });
    expect(job.confirmations).toEqual(["changes"]);
    expect(job.code).toBe("import.confirm_changes");
    expect(job.impact?.people).toMatchObject({ added: 60, changed: 0, removed: 0, more: 10 });
    expect(job.impact?.people?.lines).toHaveLength(50);
    expect(job.impact?.people?.lines[0]?.personId).toBe("p00@contoso.example");
    expect(job.message).toBe(
      "The import would add 60, change 0 and remove 0 certification rows (0 unchanged). Nothing was imported: confirm the import to go ahead (confirmChanges).",
    );
    expect(await people(org)).toEqual([]);
  });

  it("shows the entry a capability-score import adds to the history, totals before and after, before it is applied", async () => {
    const org = await createOrg(server, "Score Preview");
    const today = todayFrom(server.ctx.now());
    const file = await readFile(readyScore, "utf8");
    const before = await records(org);
    const { job } = await importFile(org.admin.client, org.id, "capability-score", "score.csv", file, {
      preview: true,
    });
    expect(job.state).toBe("needs_confirmation");
    expect(job.confirmations).toEqual(["changes"]);
    expect(job.impact?.score).toEqual({
      shownOn: today,
      fileName: "score.csv",
      areas: [
        {
          area: "Digital & App Innovation (Azure)",
          before: null,
          after: "77",
          metBefore: false,
          metAfter: true,
        },
      ],
    });
    expect(await records(org)).toEqual(before);
    await expectJson(
      await org.admin.client.post(org.path(`/import-jobs/${job.id}/confirm`), { confirmChanges: true }),
      202,
    );
    const done = await waitForJob(org.admin.client, org.id, job.id);
    expect(done.state).toBe("done");
    expect(done.impact?.score).toEqual(job.impact?.score);
    const history = await expectJson<{ history: { shownOn: string; label: string }[] }>(
      await org.admin.client.get(org.path("/capability-score")),
      200,
    );
    expect(history.history.map((h) => [h.shownOn, h.label])).toEqual([[today, "score.csv"]]);
  });
});

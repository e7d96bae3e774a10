import { createHash, randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { serve } from "@hono/node-server";
import { testBackends } from "@specready/db/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningAzurite, startAzurite } from "../../test-support/azurite.js";
import {
  addMember,
  createOrg,
  errorCode,
  expectJson,
  orgState,
  STARTUP_TIMEOUT,
  storedKeys,
  type TestOrg,
  TestServer,
} from "../../test-support/test-server.js";
import {
  bytesOf,
  createProject,
  type EvidenceBody,
  type FileMeta,
  pdfBytes,
  pngBytes,
  postFile,
  postRevision,
  type RevisionBody,
  review,
  uploadEvidence,
} from "../../test-support/workspace-builders.js";

const sha256 = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const MiB = 1024 * 1024;

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

/** Every file under a folder, relative to it (the filesystem store's temporary files included). */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)));
    }
  };
  await walk(dir);
  return out.sort();
}

describe.each(testBackends)("evidence on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start(backend, { config: { evidenceLimitBytes: 1 * MiB } });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
  });

  const detail = async (org: TestOrg, id: string) =>
    expectJson<EvidenceBody>(await org.members.viewer.client.get(org.path(`/evidence/${id}`)), 200);
  const download = (org: TestOrg, id: string, revision: number) =>
    org.members.viewer.client.get(org.path(`/evidence/${id}/revisions/${revision}/content`));
  const state = (org: TestOrg) => orgState(server.db, org.id, server.ctx.evidenceStore);
  const evidenceDir = () => join(server.dataDir, "evidence");

  /** An organization with one project of the register, for filing evidence. */
  async function orgWithProject(name: string): Promise<{ org: TestOrg; projectId: string }> {
    const org = await createOrg(server, name);
    const project = await createProject(org.admin.client, org, { customerName: `${name} customer` });
    return { org, projectId: project.id };
  }

  describe("files", () => {
    it("stores an upload with its SHA-256, size and the media type its bytes show, whatever its name says", async () => {
      const { org, projectId } = await orgWithProject("Upload Partners");
      const pdf = pdfBytes();
      const item = await uploadEvidence(
        org.members.contributor.client,
        org,
        {
          title: "  Signed SOW  ",
          artifactType: "signed sow",
          projectId,
          controls: "B4.1, B3.1,B3.1",
          fileName: "sow-notes.txt",
        },
        pdf,
      );
      expect(item).toMatchObject({
        kind: "file",
        title: "Signed SOW",
        // The checklist's spelling, and the controls in checklist order without repeats.
        artifactType: "Signed SOW",
        controls: ["B3.1", "B4.1"],
        status: "draft",
        revisionCount: 1,
        createdBy: org.members.contributor.name,
        project: { id: projectId },
      });
      expect(item.currentRevision).toMatchObject({
        revision: 1,
        fileName: "sow-notes.txt",
        size: pdf.length,
        sha256: sha256(pdf),
        mediaType: "application/pdf",
        uploadedBy: org.members.contributor.name,
      });
      expect(item.revisions).toEqual([item.currentRevision]);

      // The stored object is the upload, byte for byte, under a key the server made.
      const keys = await storedKeys(server.ctx.evidenceStore, org.id);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(new RegExp(`^orgs/${org.id}/evidence/${item.id}/1-[0-9a-f-]{36}$`));
      const stored = await bytesOf(new Response(await server.ctx.evidenceStore.open(keys[0] as string)));
      expect(stored.equals(pdf)).toBe(true);

      const log = await expectJson<{ entries: { action: string; summary: string; details: object }[] }>(
        await org.admin.client.get(org.path("/activity")),
        200,
      );
      expect(log.entries[0]).toMatchObject({
        action: "evidence.created",
        summary: 'Uploaded "Signed SOW" (sow-notes.txt) for B3.1, B4.1',
        details: { evidenceId: item.id, sha256: sha256(pdf), size: pdf.length },
      });
    });

    it("tells text, images and unknown binary apart by their content", async () => {
      const { org, projectId } = await orgWithProject("Media Partners");
      const cases: [string, Uint8Array | string, string][] = [
        ["diagram.pdf", pngBytes(), "image/png"],
        ["notes.docx", "As-built notes: résumé of the deployment\r\n", "text/plain"],
        ["blob.txt", Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x10, 0x00]), "application/octet-stream"],
        // A long UTF-8 text whose first 4100 bytes end inside a character is still text.
        ["long.txt", `${"x".repeat(4099)}é and more`, "text/plain"],
      ];
      for (const [fileName, body, mediaType] of cases) {
        const item = await uploadEvidence(org.admin.client, org, { projectId, fileName }, body);
        expect(`${fileName}: ${item.currentRevision?.mediaType}`).toBe(`${fileName}: ${mediaType}`);
      }
    });

    it("keeps every revision: old ones download byte-identical, with download headers that never render", async () => {
      const { org, projectId } = await orgWithProject("Revision Partners");
      const first = pdfBytes("Version one");
      const second = randomBytes(300_000);
      const item = await uploadEvidence(
        org.admin.client,
        org,
        { projectId, fileName: `résumé "final" (partner's).pdf` },
        first,
      );
      const rev = await expectJson<RevisionBody>(
        await postRevision(org.members.contributor.client, org, item.id, "sow-v2.bin", second),
        201,
      );
      expect(rev).toMatchObject({
        revision: 2,
        fileName: "sow-v2.bin",
        size: second.length,
        sha256: sha256(second),
        mediaType: "application/octet-stream",
        uploadedBy: org.members.contributor.name,
      });
      const now = await detail(org, item.id);
      expect(now.revisionCount).toBe(2);
      expect(now.currentRevision).toEqual(rev);
      expect(now.revisions.map((r) => r.revision)).toEqual([1, 2]);
      expect(await storedKeys(server.ctx.evidenceStore, org.id)).toHaveLength(2);

      const one = await download(org, item.id, 1);
      expect(one.status).toBe(200);
      expect((await bytesOf(one.clone())).equals(first)).toBe(true);
      expect(Object.fromEntries(one.headers)).toMatchObject({
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename="r_sum_ _final_ (partner's).pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22%20%28partner%27s%29.pdf`,
        "content-length": String(first.length),
        "x-content-type-options": "nosniff",
        "content-security-policy": "sandbox",
        "cache-control": "private, no-store",
        "x-evidence-sha256": sha256(first),
        "x-evidence-media-type": "application/pdf",
      });
      const two = await download(org, item.id, 2);
      expect(sha256(await bytesOf(two))).toBe(sha256(second));
      expect((await download(org, item.id, 3)).status).toBe(404);

      const log = await expectJson<{
        entries: { action: string; actor: { name: string }; details: object }[];
      }>(await org.admin.client.get(org.path("/activity?action=evidence.downloaded")), 200);
      expect(log.entries.map((e) => [e.actor.name, e.details])).toEqual([
        [org.members.viewer.name, { evidenceId: item.id, revision: 2, sha256: sha256(second) }],
        [org.members.viewer.name, { evidenceId: item.id, revision: 1, sha256: sha256(first) }],
      ]);
    });

    it("numbers revisions uploaded at the same time one after another, each with its own bytes", async () => {
      const { org, projectId } = await orgWithProject("Concurrent Partners");
      const item = await uploadEvidence(org.admin.client, org, { projectId }, "revision one");
      const bodies = ["two", "three", "four", "five"].map(
        (w) => `revision ${w} ${randomBytes(2000).toString("hex")}`,
      );
      const revisions = await Promise.all(
        bodies.map(async (body, i) =>
          expectJson<RevisionBody>(
            await postRevision(org.members.contributor.client, org, item.id, `v${i}.txt`, body),
            201,
          ),
        ),
      );
      expect(revisions.map((r) => r.revision).sort()).toEqual([2, 3, 4, 5]);
      for (const [i, body] of bodies.entries()) {
        const revision = revisions[i]?.revision as number;
        expect((await bytesOf(await download(org, item.id, revision))).toString()).toBe(body);
      }
      expect(await storedKeys(server.ctx.evidenceStore, org.id)).toHaveLength(5);
    });

    it("deletes an item with every revision's file", async () => {
      const { org, projectId } = await orgWithProject("Delete Partners");
      const item = await uploadEvidence(org.admin.client, org, { projectId }, "one");
      await expectJson(await postRevision(org.admin.client, org, item.id, "two.txt", "two"), 201);
      expect(await storedKeys(server.ctx.evidenceStore, org.id)).toHaveLength(2);
      expect((await org.members.contributor.client.delete(org.path(`/evidence/${item.id}`))).status).toBe(
        204,
      );
      expect(await storedKeys(server.ctx.evidenceStore, org.id)).toEqual([]);
      expect((await org.admin.client.get(org.path(`/evidence/${item.id}`))).status).toBe(404);
      expect((await download(org, item.id, 1)).status).toBe(404);
    });

    it("refuses a revision of a link or a note (409 evidence.not_a_file), storing nothing", async () => {
      const { org, projectId } = await orgWithProject("Not A File Partners");
      const link = await expectJson<EvidenceBody>(
        await org.admin.client.post(org.path("/evidence"), {
          kind: "link",
          title: "Design on SharePoint",
          artifactType: "Solution design",
          projectId,
          controls: ["B3.1"],
          url: "https://contoso.sharepoint.com/design.docx",
        }),
        201,
      );
      const before = await state(org);
      const res = await postRevision(org.admin.client, org, link.id, "design.docx", "bytes");
      expect(await errorCode(res)).toBe("evidence.not_a_file");
      expect(await state(org)).toEqual(before);
    });

    it("refuses a browser form's body (415), which would be stored boundaries and all", async () => {
      const { org, projectId } = await orgWithProject("Form Partners");
      const before = await state(org);
      for (const type of ["multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]) {
        const res = await postFile(org.admin.client, org, { projectId }, "--x\r\n\r\nhi\r\n--x--\r\n", {
          headers: { "content-type": type },
        });
        const body = await expectJson<ErrorBody>(res, 415);
        expect(body.error.code).toBe("request.unsupported_media_type");
      }
      expect(await state(org)).toEqual(before);
    });

    it("answers 422 upload.empty to an empty file, naming it, and stores nothing", async () => {
      const { org, projectId } = await orgWithProject("Empty Partners");
      const before = await state(org);
      const res = await postFile(org.admin.client, org, { projectId, fileName: "empty.pdf" }, "");
      const body = await expectJson<ErrorBody>(res, 422);
      expect(body.error).toMatchObject({ code: "upload.empty", message: "empty.pdf is empty." });
      expect(await state(org)).toEqual(before);
    });
  });

  describe("links and notes", () => {
    it("adds links and notes, changes them, and lists items by control, status, project and author", async () => {
      const { org, projectId } = await orgWithProject("Link Partners");
      const other = await createProject(org.admin.client, org, { customerName: "Second customer" });
      const link = await expectJson<EvidenceBody>(
        await org.members.contributor.client.post(org.path("/evidence"), {
          kind: "link",
          title: "Architecture diagrams",
          artifactType: "Architecture diagrams",
          projectId,
          controls: ["B3.1"],
          url: "https://contoso.sharepoint.com/sites/ai/diagrams",
        }),
        201,
      );
      expect(link).toMatchObject({
        kind: "link",
        url: "https://contoso.sharepoint.com/sites/ai/diagrams",
        note: null,
        currentRevision: null,
        revisionCount: 0,
        revisions: [],
      });
      const note = await expectJson<EvidenceBody>(
        await org.admin.client.post(org.path("/evidence"), {
          kind: "note",
          title: "Decision log summary",
          artifactType: "Decision log",
          projectId: other.id,
          controls: ["B4.2"],
          note: "Decisions are logged in the project wiki; export attached at the audit.",
        }),
        201,
      );
      expect(note).toMatchObject({ kind: "note", url: null, note: expect.stringContaining("wiki") });

      const changed = await expectJson<EvidenceBody>(
        await org.members.contributor.client.patch(org.path(`/evidence/${link.id}`), {
          // As pasted from an address bar: kept percent-encoded (a link holds no whitespace).
          url: "https://contoso.sharepoint.com/sites/ai/Shared Documents/diagrams v2.vsdx",
          controls: ["B3.1", "B2.1"],
          artifactType: "architecture diagram",
        }),
        200,
      );
      expect(changed).toMatchObject({
        url: "https://contoso.sharepoint.com/sites/ai/Shared%20Documents/diagrams%20v2.vsdx",
        controls: ["B2.1", "B3.1"],
        artifactType: "Architecture diagram",
      });
      await expectJson(await review(org.admin.client, org, note.id, "submit"), 200);

      const ids = async (query: string, as = org.members.contributor.client) =>
        (await expectJson<EvidenceBody[]>(await as.get(org.path(`/evidence${query}`)), 200)).map((e) => e.id);
      expect(await ids("")).toEqual([note.id, link.id]);
      expect(await ids("?control=B2.1")).toEqual([link.id]);
      expect(await ids("?control=B4.2")).toEqual([note.id]);
      expect(await ids("?status=ready")).toEqual([note.id]);
      expect(await ids(`?projectId=${other.id}`)).toEqual([note.id]);
      expect(await ids("?mine=1")).toEqual([link.id]);
      expect(await ids("?mine=1", org.members.viewer.client)).toEqual([]);
      expect((await org.admin.client.get(org.path("/evidence?status=lost"))).status).toBe(400);
    });

    it("names the field of bad links and notes (400 request.invalid) and stores nothing", async () => {
      const { org, projectId } = await orgWithProject("Bad Link Partners");
      const link = {
        kind: "link",
        title: "Design",
        artifactType: "Solution design",
        projectId,
        controls: ["B3.1"],
        url: "https://contoso.example/design",
      };
      const existing = await expectJson<EvidenceBody>(
        await org.admin.client.post(org.path("/evidence"), link),
        201,
      );
      const before = await state(org);
      const cases: [Record<string, unknown>, string][] = [
        [{ ...link, url: "javascript:alert(1)" }, "url"],
        [{ ...link, url: "ftp://contoso.example/design" }, "url"],
        [{ ...link, title: "" }, "title"],
        [{ ...link, title: "t".repeat(301) }, "title"],
        [{ ...link, controls: [] }, "controls"],
        [{ ...link, controls: ["B9.9"] }, "controls"],
        [{ ...link, artifactType: "Napkin sketch" }, "artifactType"],
        [{ ...link, projectId: "not-a-uuid" }, "projectId"],
        [{ ...link, projectId: "00000000-0000-4000-8000-000000000000" }, "projectId"],
        [{ ...link, kind: "note" }, "note"],
      ];
      const rows: string[] = [];
      for (const [input, field] of cases) {
        const res = await org.admin.client.post(org.path("/evidence"), input);
        const body = (await res.json()) as ErrorBody;
        rows.push(
          `${field}: ${res.status} ${body.error.code} ${body.error.issues?.map((i) => i.path).join(",")}`,
        );
      }
      expect(rows).toEqual(cases.map(([, field]) => `${field}: 400 request.invalid ${field}`));

      const patch = await org.admin.client.patch(org.path(`/evidence/${existing.id}`), { note: "text" });
      const body = await expectJson<ErrorBody>(patch, 400);
      expect(body.error.issues?.[0]).toEqual({
        path: "note",
        message: "only a note has a text; this item is a link",
      });
      expect(await state(org)).toEqual(before);
    });
  });

  describe("two pairs of eyes", () => {
    it("refuses by default that the uploader of the current revision approves it; another partner admin approves, for that revision and its SHA-256", async () => {
      const { org, projectId } = await orgWithProject("Four Eyes Partners");
      const admin = org.admin.client;
      const second = await addMember(server, org.id, "partner_admin", "Second Admin");
      const bytes = pdfBytes("Signed by both");
      const item = await uploadEvidence(admin, org, { projectId }, bytes);
      expect(item).toMatchObject({ authorName: org.admin.name, approval: null, counts: false });
      await expectJson(await review(admin, org, item.id, "submit"), 200);
      const asAdmin = async (id: string) =>
        expectJson<EvidenceBody>(await admin.get(org.path(`/evidence/${id}`)), 200);
      // A viewer is told who may approve; the uploader why not.
      expect((await detail(org, item.id)).approvalRule).toEqual({
        allowed: false,
        reason: "Only partner admins approve evidence.",
        selfApproval: false,
      });
      const mine = await asAdmin(item.id);
      expect(mine.approvalRule).toEqual({
        allowed: false,
        reason: `You uploaded revision 1 of "Signed SOW": another partner admin approves it (two pairs of eyes). A partner admin can let people approve their own evidence in Settings.`,
        selfApproval: false,
      });
      const before = await state(org);
      const refused = await expectJson<ErrorBody>(await review(admin, org, item.id, "approve"), 403);
      expect(refused.error).toMatchObject({
        code: "evidence.self_approval",
        message: mine.approvalRule.reason,
      });
      expect(await state(org)).toEqual(before);

      // For the second admin it is allowed; the approval is of revision 1 and its hash.
      const seen = await expectJson<EvidenceBody>(
        await second.client.get(org.path(`/evidence/${item.id}`)),
        200,
      );
      expect(seen.approvalRule).toEqual({ allowed: true, reason: null, selfApproval: false });
      const approved = await expectJson<EvidenceBody>(
        await second.client.post(org.path(`/evidence/${item.id}/review`), { action: "approve", revision: 1 }),
        200,
      );
      expect(approved).toMatchObject({
        status: "approved",
        counts: true,
        approval: { revision: 1, sha256: sha256(bytes), by: "Second Admin", selfApproved: false },
      });
      expect(approved.reviews.at(-1)).toMatchObject({
        toStatus: "approved",
        revision: 1,
        sha256: sha256(bytes),
      });

      // A new revision by someone else needs a new approval, which its first uploader may now give.
      const v2 = pdfBytes("Countersigned");
      await expectJson(await postRevision(second.client, org, item.id, "sow-v2.pdf", v2), 201);
      const draft = await detail(org, item.id);
      expect(draft).toMatchObject({
        status: "draft",
        approval: null,
        counts: false,
        authorName: "Second Admin",
      });
      await expectJson(await review(second.client, org, item.id, "submit"), 200);
      // An approval of what the reviewer saw is refused once a newer revision is there.
      const stale = await admin.post(org.path(`/evidence/${item.id}/review`), {
        action: "approve",
        revision: 1,
      });
      expect(await errorCode(stale)).toBe("evidence.review_state");
      const again = await expectJson<EvidenceBody>(
        await admin.post(org.path(`/evidence/${item.id}/review`), { action: "approve", revision: 2 }),
        200,
      );
      expect(again.approval).toMatchObject({ revision: 2, sha256: sha256(v2), by: org.admin.name });
      const log = await expectJson<{ entries: { summary: string; details: Record<string, unknown> }[] }>(
        await admin.get(org.path("/activity?action=evidence.approve")),
        200,
      );
      expect(log.entries.map((e) => e.summary)).toEqual([
        '"Signed SOW" approved (revision 2)',
        '"Signed SOW" approved (revision 1)',
      ]);
      expect(log.entries[0]?.details).toMatchObject({ revision: 2, sha256: sha256(v2), selfApproved: false });
    });

    it("treats whoever wrote a link's address or a note's text as its author", async () => {
      const { org, projectId } = await orgWithProject("Link Author Partners");
      const admin = org.admin.client;
      const contributor = org.members.contributor.client;
      const link = await expectJson<EvidenceBody>(
        await contributor.post(org.path("/evidence"), {
          kind: "link",
          title: "Design on SharePoint",
          artifactType: "Solution design",
          projectId,
          controls: ["B3.1"],
          url: "https://contoso.sharepoint.com/design",
        }),
        201,
      );
      expect(link.authorName).toBe(org.members.contributor.name);
      // The admin rewrites the address: now it is the admin's content.
      await expectJson(
        await admin.patch(org.path(`/evidence/${link.id}`), {
          url: "https://contoso.sharepoint.com/design-v2",
        }),
        200,
      );
      expect((await detail(org, link.id)).authorName).toBe(org.admin.name);
      await expectJson(await review(contributor, org, link.id, "submit"), 200);
      expect(await errorCode(await review(admin, org, link.id, "approve"))).toBe("evidence.self_approval");
      // A new title changes nothing proven, nor the author.
      await expectJson(await contributor.patch(org.path(`/evidence/${link.id}`), { title: "Design" }), 200);
      expect((await detail(org, link.id)).authorName).toBe(org.admin.name);
    });

    it("lets a partner admin allow self-approval for the organization (logged); such approvals are marked", async () => {
      const { org, projectId } = await orgWithProject("Solo Partners");
      const admin = org.admin.client;
      expect(
        (await expectJson<{ reviewPolicy: unknown }>(await org.members.viewer.client.get(org.path()), 200))
          .reviewPolicy,
      ).toEqual({ allowSelfApproval: false, changedBy: null, changedAt: null });
      for (const [client, role] of [
        [org.members.contributor.client, "contributor"],
        [org.members.auditor.client, "auditor"],
        [org.members.viewer.client, "viewer"],
      ] as const) {
        const res = await client.put(org.path("/review-policy"), { allowSelfApproval: true });
        expect(`${role}: ${await errorCode(res)}`).toBe(`${role}: auth.forbidden`);
      }
      const bad = await admin.put(org.path("/review-policy"), { allowSelfApproval: "yes" });
      expect((await expectJson<ErrorBody>(bad, 400)).error.issues?.[0]?.path).toBe("allowSelfApproval");
      const allowed = await expectJson<{ allowSelfApproval: boolean; changedBy: string }>(
        await admin.put(org.path("/review-policy"), { allowSelfApproval: true }),
        200,
      );
      expect(allowed).toMatchObject({ allowSelfApproval: true, changedBy: org.admin.name });

      const item = await uploadEvidence(admin, org, { projectId }, pdfBytes("solo"));
      await expectJson(await review(admin, org, item.id, "submit"), 200);
      expect(
        (await expectJson<EvidenceBody>(await admin.get(org.path(`/evidence/${item.id}`)), 200)).approvalRule,
      ).toEqual({
        allowed: true,
        reason: null,
        selfApproval: true,
      });
      const approved = await expectJson<EvidenceBody>(await review(admin, org, item.id, "approve"), 200);
      expect(approved).toMatchObject({ counts: true, approval: { selfApproved: true, by: org.admin.name } });
      expect(approved.reviews.at(-1)?.selfApproved).toBe(true);

      await expectJson(await admin.put(org.path("/review-policy"), { allowSelfApproval: false }), 200);
      const log = await expectJson<{ entries: { action: string; summary: string }[] }>(
        await admin.get(org.path("/activity?action=organization.review_policy")),
        200,
      );
      expect(log.entries.map((e) => e.summary)).toEqual([
        "Required a second person to approve evidence (no self-approval)",
        "Allowed people to approve evidence they uploaded or wrote themselves (self-approval)",
      ]);
      const approvals = await expectJson<{ entries: { summary: string }[] }>(
        await admin.get(org.path("/activity?action=evidence.approve")),
        200,
      );
      expect(approvals.entries[0]?.summary).toBe(
        '"Signed SOW" approved (revision 1) by its own author (self-approval is allowed in this organization)',
      );
    });
  });

  describe("review", () => {
    it("moves an item draft → ready → changes requested (with a comment) → ready → approved; a new revision puts it back to draft", async () => {
      const { org, projectId } = await orgWithProject("Review Partners");
      const contributor = org.members.contributor.client;
      const admin = org.admin.client;
      const item = await uploadEvidence(contributor, org, { projectId }, pdfBytes());

      const ready = await expectJson<EvidenceBody>(await review(contributor, org, item.id, "submit"), 200);
      expect(ready.status).toBe("ready");

      // Contributors submit; only partner admins approve or send back.
      for (const action of ["approve", "request_changes", "reopen"] as const) {
        const res = await review(contributor, org, item.id, action, "looks fine");
        expect(`${action}: ${res.status} ${await errorCode(res)}`).toBe(`${action}: 403 auth.forbidden`);
      }
      const noComment = await review(admin, org, item.id, "request_changes");
      const refused = await expectJson<ErrorBody>(noComment, 400);
      expect(refused.error.issues).toEqual([{ path: "comment", message: "say what has to change" }]);
      const blank = await review(admin, org, item.id, "request_changes", "   ");
      expect((await expectJson<ErrorBody>(blank, 400)).error.issues?.[0]?.path).toBe("comment");
      expect((await detail(org, item.id)).status).toBe("ready");

      const sentBack = await expectJson<EvidenceBody>(
        await review(admin, org, item.id, "request_changes", "The customer's signature is missing."),
        200,
      );
      expect(sentBack).toMatchObject({
        status: "changes_requested",
        lastComment: "The customer's signature is missing.",
      });
      await expectJson(await review(contributor, org, item.id, "submit"), 200);
      const approved = await expectJson<EvidenceBody>(await review(admin, org, item.id, "approve"), 200);
      expect(approved).toMatchObject({ status: "approved", lastComment: null });

      // Approving twice, or submitting what is approved, is a conflict that names the state.
      const twice = await review(admin, org, item.id, "approve");
      const conflict = await expectJson<ErrorBody>(twice, 409);
      expect(conflict.error.code).toBe("evidence.review_state");
      expect(conflict.error.message).toContain("is approved");

      await expectJson(
        await postRevision(contributor, org, item.id, "sow-signed.pdf", pdfBytes("Signed")),
        201,
      );
      const after = await detail(org, item.id);
      expect(after.status).toBe("draft");
      expect(after.reviews.map((r) => `${r.fromStatus} → ${r.toStatus} by ${r.actor}: ${r.comment}`)).toEqual(
        [
          `draft → ready by ${org.members.contributor.name}: null`,
          `ready → changes_requested by ${org.admin.name}: The customer's signature is missing.`,
          `changes_requested → ready by ${org.members.contributor.name}: null`,
          `ready → approved by ${org.admin.name}: null`,
          `approved → draft by ${org.members.contributor.name}: Revision 2 uploaded after review`,
        ],
      );

      // Editing what an approved item proves sends it back too; a new title, or a form sending the
      // fields unchanged, does not.
      await expectJson(await review(contributor, org, item.id, "submit"), 200);
      await expectJson(await review(admin, org, item.id, "approve"), 200);
      const same = await expectJson<EvidenceBody>(
        await contributor.patch(org.path(`/evidence/${item.id}`), {
          title: "Signed SOW (final)",
          artifactType: "Signed SOW",
          controls: ["B3.1"],
          projectId,
        }),
        200,
      );
      expect(same.status).toBe("approved");
      const moved = await expectJson<EvidenceBody>(
        await contributor.patch(org.path(`/evidence/${item.id}`), { controls: ["B3.1", "B4.1"] }),
        200,
      );
      expect(moved.status).toBe("draft");
      expect(moved.reviews.at(-1)).toMatchObject({
        fromStatus: "approved",
        toStatus: "draft",
        comment: "Changed after review (controls)",
      });
      const log = await expectJson<{ entries: { action: string; summary: string }[] }>(
        await admin.get(org.path("/activity?action=evidence.updated")),
        200,
      );
      expect(log.entries.map((e) => e.summary)).toEqual([
        'Changed "Signed SOW (final)" (controls)',
        'Changed "Signed SOW (final)" (title)',
      ]);

      const approvedAgain = await review(admin, org, item.id, "approve");
      expect(await errorCode(approvedAgain)).toBe("evidence.review_state");
      await expectJson(await review(contributor, org, item.id, "submit"), 200);
      await expectJson(await review(admin, org, item.id, "approve"), 200);
      const reopened = await expectJson<EvidenceBody>(await review(admin, org, item.id, "reopen"), 200);
      expect(reopened.status).toBe("draft");

      const all = await expectJson<{ entries: { action: string }[] }>(
        await admin.get(org.path("/activity")),
        200,
      );
      expect(all.entries.slice(0, 4).map((e) => e.action)).toEqual([
        "evidence.reopen",
        "evidence.approve",
        "evidence.submit",
        "evidence.updated",
      ]);
    });
  });

  describe("security", () => {
    it("never shows where a file is stored, nor the uploader's account id", async () => {
      const { org, projectId } = await orgWithProject("Opaque Partners");
      const item = await uploadEvidence(org.admin.client, org, { projectId }, "v1");
      const revision = await postRevision(org.admin.client, org, item.id, "v2.pdf", "v2");
      const bodies = [
        await revision.text(),
        await (await org.admin.client.get(org.path(`/evidence/${item.id}`))).text(),
        await (await org.admin.client.get(org.path("/evidence"))).text(),
      ];
      for (const text of bodies) {
        expect(text).toContain('"sha256"');
        expect(text).not.toMatch(/storageKey|uploadedById|orgs\/[0-9a-f-]{36}\/evidence/);
      }
    });

    it("stores path-traversal and control-character file names sanitized, never as storage keys", async () => {
      const { org, projectId } = await orgWithProject("Traversal Partners");
      const names: [string, string][] = [
        ["../../../../etc/passwd", "passwd"],
        ["..\\..\\Windows\\System32\\evil.exe", "evil.exe"],
        ["C:\\Users\\me\\design.pdf", "design.pdf"],
        ["re\u0000port\r\nX-Injected: 1.pdf", "reportX-Injected: 1.pdf"],
        ["..", "upload"],
        ["/", "upload"],
        ["\u0007\u001b[31m.pdf", "[31m.pdf"],
        // C1 controls, and a right-to-left override that would show "invoiceexe.pdf".
        ["a\u0085b\u009b.pdf", "ab.pdf"],
        ["invoice\u202Efdp.exe", "invoicefdp.exe"],
        ["\u200Bsow\u2066.pdf\uFEFF", "sow.pdf"],
      ];
      for (const [given, stored] of names) {
        const item = await uploadEvidence(org.admin.client, org, { projectId, fileName: given }, "bytes");
        expect(`${JSON.stringify(given)} → ${item.currentRevision?.fileName}`).toBe(
          `${JSON.stringify(given)} → ${stored}`,
        );
        const res = await download(org, item.id, 1);
        expect(res.headers.get("content-disposition")).toMatch(
          /^attachment; filename="[\x20-\x7e]*"; filename\*=/,
        );
        expect(res.headers.get("x-injected")).toBeNull();
        await res.arrayBuffer();
      }
      const revision = await expectJson<RevisionBody>(
        await postRevision(
          org.admin.client,
          org,
          (await uploadEvidence(org.admin.client, org, { projectId })).id,
          "../../x/../secret.txt",
          "v2",
        ),
        201,
      );
      expect(revision.fileName).toBe("secret.txt");
      // Every stored file sits under the organization's folder, named by ids only.
      const files = await filesUnder(evidenceDir());
      const mine = files.filter((f) => f.startsWith(`orgs/${org.id}/`));
      expect(mine).toHaveLength(names.length + 2);
      for (const f of mine)
        expect(f).toMatch(/^orgs\/[0-9a-f-]{36}\/evidence\/[0-9a-f-]{36}\/\d+-[0-9a-f-]{36}$/);
      expect(files.filter((f) => /passwd|evil|secret|design|report/.test(f))).toEqual([]);
    });

    it("answers 413 upload.too_large over SPECREADY_EVIDENCE_LIMIT_MB, and leaves no row and no file", async () => {
      const { org, projectId } = await orgWithProject("Large Partners");
      const item = await uploadEvidence(org.admin.client, org, { projectId }, "small");
      await server.idle();
      const before = await state(org);
      const filesBefore = await filesUnder(evidenceDir());
      const tooLarge = randomBytes(1 * MiB + 1);

      const streamed = await postFile(org.admin.client, org, { projectId, fileName: "huge.iso" }, tooLarge);
      const body = await expectJson<ErrorBody>(streamed, 413);
      expect(body.error).toEqual({
        code: "upload.too_large",
        message: "huge.iso is larger than the evidence size limit of 1 MB (SPECREADY_EVIDENCE_LIMIT_MB).",
      });
      // A declared length over the limit is refused before the body is read.
      const declared = await postFile(org.admin.client, org, { projectId, fileName: "huge.iso" }, tooLarge, {
        headers: { "content-length": String(tooLarge.length) },
      });
      expect(await errorCode(declared)).toBe("upload.too_large");
      const revision = await postRevision(org.admin.client, org, item.id, "huge-v2.iso", tooLarge);
      expect(await errorCode(revision)).toBe("upload.too_large");

      expect(await state(org)).toEqual(before);
      expect(await filesUnder(evidenceDir())).toEqual(filesBefore);
      // Exactly at the limit is fine.
      const atLimit = await uploadEvidence(org.admin.client, org, { projectId }, randomBytes(1 * MiB));
      expect(atLimit.currentRevision?.size).toBe(1 * MiB);
    });

    it("lets viewers and the auditor read and download, but not upload, revise, edit or delete (403, nothing stored)", async () => {
      const { org, projectId } = await orgWithProject("Viewer Partners");
      const item = await uploadEvidence(org.admin.client, org, { projectId }, "bytes");
      for (const role of ["viewer", "auditor"] as const) {
        const client = org.members[role].client;
        const before = await state(org);
        const attempts = [
          await postFile(client, org, { projectId }, "bytes"),
          await postRevision(client, org, item.id, "v2.txt", "v2"),
          await client.patch(org.path(`/evidence/${item.id}`), { title: "Mine" }),
          await client.delete(org.path(`/evidence/${item.id}`)),
          await review(client, org, item.id, "submit"),
        ];
        expect(await Promise.all(attempts.map(errorCode))).toEqual(Array(5).fill("auth.forbidden"));
        expect(await state(org)).toEqual(before);
        expect((await client.get(org.path(`/evidence/${item.id}/revisions/1/content`))).status).toBe(200);
      }
    });

    it("answers 404 to another organization's evidence and projects, and changes nothing in either", async () => {
      const { org: a, projectId } = await orgWithProject("Owner Evidence");
      const { org: b, projectId: bProject } = await orgWithProject("Other Evidence");
      const item = await uploadEvidence(a.admin.client, a, { projectId }, "A's secret");
      await server.idle();
      const beforeA = await state(a);
      const beforeB = await state(b);
      const client = b.admin.client;
      const attempts = {
        get: await client.get(b.path(`/evidence/${item.id}`)),
        patch: await client.patch(b.path(`/evidence/${item.id}`), { title: "Stolen" }),
        delete: await client.delete(b.path(`/evidence/${item.id}`)),
        revision: await postRevision(client, b, item.id, "v2.txt", "overwrite"),
        content: await client.get(b.path(`/evidence/${item.id}/revisions/1/content`)),
        review: await review(client, b, item.id, "submit"),
        list: await client.get(b.path(`/evidence?projectId=${projectId}`)),
      };
      const outcome = Object.fromEntries(
        await Promise.all(
          Object.entries(attempts).map(async ([k, res]) => [
            k,
            `${res.status} ${await errorCode(res.clone())}`,
          ]),
        ),
      );
      expect(outcome).toEqual({
        get: "404 not_found",
        patch: "404 not_found",
        delete: "404 not_found",
        revision: "404 not_found",
        content: "404 not_found",
        review: "404 not_found",
        list: "200 undefined",
      });
      expect(await attempts.list.json()).toEqual([]);

      // Filing evidence under A's project from B: the project is not B's.
      const file = await postFile(client, b, { projectId }, "bytes");
      expect((await expectJson<ErrorBody>(file, 400)).error.issues).toEqual([
        { path: "projectId", message: "is not a customer project of this organization" },
      ]);
      const moved = await client.patch(
        b.path(`/evidence/${(await uploadEvidence(client, b, { projectId: bProject })).id}`),
        {
          projectId,
        },
      );
      expect((await expectJson<ErrorBody>(moved, 400)).error.issues?.[0]?.path).toBe("projectId");

      expect(await state(a)).toEqual(beforeA);
      const afterB = await state(b);
      expect(afterB.evidence_items).toHaveLength((beforeB.evidence_items?.length ?? 0) + 1);
      expect(afterB.evidenceFiles).toHaveLength(1);
    });

    it("refuses uploads without the CSRF token or from another origin (403 auth.csrf), storing nothing", async () => {
      const { org, projectId } = await orgWithProject("CSRF Partners");
      const item = await uploadEvidence(org.admin.client, org, { projectId }, "bytes");
      const session = org.admin.client.credentials;
      if (session?.kind !== "session") throw new Error("expected a session");
      const noToken = server.as({ kind: "session", cookie: session.cookie, csrfToken: "" });
      const wrongToken = server.as({ kind: "session", cookie: session.cookie, csrfToken: "x".repeat(43) });
      await server.idle();
      const before = await state(org);
      const filesBefore = await filesUnder(evidenceDir());
      const attempts = [
        await postFile(noToken, org, { projectId }, "bytes", { headers: { "x-csrf-token": "" } }),
        await postFile(wrongToken, org, { projectId }, "bytes"),
        await postFile(org.admin.client, org, { projectId }, "bytes", {
          headers: { origin: "https://evil.example" },
        }),
        await postRevision(wrongToken, org, item.id, "v2.txt", "bytes"),
        await postRevision(org.admin.client, org, item.id, "v2.txt", "bytes", {
          headers: { origin: "http://localhost.evil.example" },
        }),
        await review(wrongToken, org, item.id, "submit"),
      ];
      expect(await Promise.all(attempts.map(errorCode))).toEqual(Array(attempts.length).fill("auth.csrf"));
      expect(await state(org)).toEqual(before);
      expect(await filesUnder(evidenceDir())).toEqual(filesBefore);
      // The same origin with the token is fine.
      const ok = await postFile(org.admin.client, org, { projectId }, "bytes", {
        headers: { origin: "http://localhost" },
      });
      expect(ok.status).toBe(201);
    });

    it("names the field of a bad upload (400 request.invalid) before reading the file, and stores nothing", async () => {
      const { org, projectId } = await orgWithProject("Bad Upload Partners");
      const before = await state(org);
      const cases: [Partial<FileMeta>, string, string][] = [
        [{ controls: "B9.9" }, "controls", "B9.9 is not a control of the checklists"],
        [{ controls: "B3.1,nonsense" }, "controls", "nonsense is not a control id such as B2.1"],
        [{ controls: " , " }, "controls", "link the evidence to at least one control"],
        [
          { artifactType: "Napkin sketch" },
          "artifactType",
          '"Napkin sketch" is not documentation B3.1 accepts',
        ],
        [{ controls: "B3.1,B4.1", artifactType: "Decision log" }, "artifactType", "B3.1, B4.1 accept"],
        [{ projectId: "00000000-0000-4000-8000-000000000000" }, "projectId", "is not a customer project"],
        [{ projectId: "../../etc" }, "projectId", ""],
        [{ title: "" }, "title", ""],
        [{ fileName: "" }, "fileName", ""],
      ];
      const rows: string[] = [];
      for (const [meta, field, words] of cases) {
        const res = await postFile(org.admin.client, org, { projectId, ...meta }, pdfBytes());
        const body = (await res.json()) as ErrorBody;
        const issue = body.error.issues?.find((i) => i.path === field);
        rows.push(
          `${field}: ${res.status} ${body.error.code} ${issue === undefined ? "no issue" : issue.message.includes(words) ? "named" : issue.message}`,
        );
      }
      expect(rows).toEqual(cases.map(([, field]) => `${field}: 400 request.invalid named`));
      expect(await state(org)).toEqual(before);
    });
  });
});

describe("evidence through a real socket", () => {
  let server: TestServer;
  let listening: ReturnType<typeof serve>;
  let base: string;
  beforeAll(async () => {
    server = await TestServer.start("pglite", { config: { evidenceLimitBytes: 1 * MiB } });
    await new Promise<void>((resolve) => {
      listening = serve({ fetch: server.app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await new Promise<void>((resolve) => listening?.close(() => resolve()));
    await server?.close();
  });

  it("streams the request body from the socket into the store, and answers 413 to an oversized one without a reset", async () => {
    const org = await createOrg(server, "Socket Partners");
    const project = await createProject(org.admin.client, org);
    const credentials = org.admin.client.credentials;
    if (credentials?.kind !== "session") throw new Error("expected a session");
    const headers = {
      cookie: `specready_session=${credentials.cookie}`,
      "x-csrf-token": credentials.csrfToken,
      "content-type": "application/octet-stream",
    };
    const url = (fileName: string) =>
      `${base}${org.path(`/evidence/files?${new URLSearchParams({ title: "Signed SOW", artifactType: "Signed SOW", projectId: project.id, controls: "B3.1", fileName })}`)}`;
    /** The bytes as a stream of 64 KiB chunks: sent chunked, without a Content-Length. */
    const chunked = (bytes: Buffer) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 65_536) controller.enqueue(bytes.subarray(i, i + 65_536));
          controller.close();
        },
      });

    const pdf = Buffer.concat([pdfBytes(), randomBytes(500_000)]);
    const created = await fetch(url("sow.pdf"), {
      method: "POST",
      headers,
      body: chunked(pdf),
      duplex: "half",
    } as RequestInit);
    const item = await expectJson<EvidenceBody>(created, 201);
    expect(item.currentRevision).toMatchObject({
      size: pdf.length,
      sha256: sha256(pdf),
      mediaType: "application/pdf",
    });
    const got = await fetch(`${base}${org.path(`/evidence/${item.id}/revisions/1/content`)}`, { headers });
    expect((await bytesOf(got)).equals(pdf)).toBe(true);

    const before = await orgState(server.db, org.id, server.ctx.evidenceStore);
    const huge = randomBytes(3 * MiB);
    for (const body of [chunked(huge), huge]) {
      const res = await fetch(url("huge.iso"), {
        method: "POST",
        headers,
        body,
        duplex: "half",
      } as RequestInit);
      expect(`${res.status} ${await errorCode(res)}`).toBe("413 upload.too_large");
    }
    expect(await orgState(server.db, org.id, server.ctx.evidenceStore)).toEqual(before);
  });
});

describe("evidence in Azure Blob Storage (Azurite)", () => {
  let azurite: RunningAzurite;
  let server: TestServer;
  beforeAll(async () => {
    azurite = await startAzurite();
    server = await TestServer.start("pglite", {
      config: {
        evidenceLimitBytes: 1 * MiB,
        evidenceStorage: {
          kind: "azure-blob",
          connectionString: azurite.connectionString,
          container: "route-tests",
        },
      },
    });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    await server?.close();
    await azurite?.stop();
  });

  it("uploads, revises and downloads byte-identical files through the routes, and refuses an oversized one leaving no blob", async () => {
    expect(server.ctx.evidenceStore.kind).toBe("azure-blob");
    const org = await createOrg(server, "Blob Partners");
    const project = await createProject(org.admin.client, org);
    // Over one 4 MiB block would need a larger limit; several chunks and a PDF head are enough here.
    const first = Buffer.concat([pdfBytes(), randomBytes(700_000)]);
    const second = randomBytes(1 * MiB);
    const item = await uploadEvidence(
      org.members.contributor.client,
      org,
      { projectId: project.id, fileName: "../design.pdf" },
      first,
    );
    expect(item.currentRevision).toMatchObject({
      fileName: "design.pdf",
      size: first.length,
      sha256: sha256(first),
      mediaType: "application/pdf",
    });
    await expectJson(await postRevision(org.admin.client, org, item.id, "design-v2.bin", second), 201);
    const keys = await storedKeys(server.ctx.evidenceStore, org.id);
    expect(keys).toHaveLength(2);

    for (const [revision, bytes] of [
      [1, first],
      [2, second],
    ] as const) {
      const res = await org.members.auditor.client.get(
        org.path(`/evidence/${item.id}/revisions/${revision}/content`),
      );
      expect(res.status).toBe(200);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect((await bytesOf(res)).equals(bytes)).toBe(true);
    }

    const before = await orgState(server.db, org.id, server.ctx.evidenceStore);
    const tooLarge = await postFile(
      org.admin.client,
      org,
      { projectId: project.id },
      randomBytes(1 * MiB + 1),
    );
    expect(await errorCode(tooLarge)).toBe("upload.too_large");
    expect(await orgState(server.db, org.id, server.ctx.evidenceStore)).toEqual(before);

    expect((await org.admin.client.delete(org.path(`/evidence/${item.id}`))).status).toBe(204);
    expect(await storedKeys(server.ctx.evidenceStore, org.id)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import type { Actions } from "../../api/allowed-actions";
import { toCsv } from "../../lib/csv";
import type { EvidenceItem, EvidenceStatus } from "./api";
import {
  apiFilters,
  artifactTypesFor,
  checkEvidenceForm,
  createBody,
  emptyEvidenceForm,
  evidenceCsvRows,
  filtersFromSearch,
  formFromItem,
  hostOf,
  matchArtifactType,
  patchFromForm,
  reviewChoices,
  reviewCounts,
  reviewProgressText,
  searchEvidence,
  searchFromFilters,
  titleFromFileName,
} from "./evidence-helpers";

let n = 0;
function buildItem(overrides: Partial<EvidenceItem> = {}): EvidenceItem {
  n++;
  return {
    allowedActions: [],
    id: `e${n}`,
    kind: "file",
    title: `Evidence ${n}`,
    artifactType: "Signed SOW",
    controls: ["B3.1"],
    project: {
      id: "p1",
      customerTenantId: "tenant-1",
      customerName: "Northwind Traders",
      project: "Contract assistant",
      completionDate: "2025-06-30",
    },
    url: null,
    note: null,
    status: "draft",
    currentRevision: {
      revision: 1,
      fileName: `evidence-${n}.pdf`,
      size: 1234,
      sha256: "a".repeat(64),
      mediaType: "application/pdf",
      uploadedBy: "Cole Contributor",
      uploadedAt: "2025-07-01T10:00:00Z",
    },
    revisionCount: 1,
    createdBy: "Cole Contributor",
    createdById: "u1",
    createdAt: "2025-07-01T10:00:00Z",
    updatedAt: "2025-07-01T10:00:00Z",
    lastComment: null,
    authorName: "Cole Contributor",
    approval: null,
    counts: false,
    ...overrides,
  };
}

describe("reviewChoices", () => {
  // The item's allowed actions as the server gives them to a contributor, a partner admin, a reader.
  const editor: Actions = ["evidence.download", "evidence.write", "evidence.submit"];
  const reviewer: Actions = [...editor, "evidence.review"];
  const reader: Actions = ["evidence.download"];
  const actions = (allowed: Actions, status: EvidenceStatus) =>
    reviewChoices(allowed, status).map((c) => c.action);

  it("follows the server's transitions and the item's allowed actions: editors submit, reviewers review", () => {
    expect(actions(editor, "draft")).toEqual(["submit"]);
    expect(actions(editor, "changes_requested")).toEqual(["submit"]);
    expect(actions(editor, "ready")).toEqual([]);
    expect(actions(editor, "approved")).toEqual([]);
    expect(actions(reviewer, "draft")).toEqual(["submit"]);
    expect(actions(reviewer, "ready")).toEqual(["approve", "request_changes"]);
    expect(actions(reviewer, "approved")).toEqual(["request_changes", "reopen"]);
    for (const status of ["draft", "ready", "approved", "changes_requested"] as const)
      expect(actions(reader, status), status).toEqual([]);
  });

  it("asks for a comment only when changes are requested", () => {
    expect(
      reviewChoices(reviewer, "ready")
        .filter((c) => c.needsComment)
        .map((c) => c.action),
    ).toEqual(["request_changes"]);
  });
});

describe("artifact types", () => {
  const controls = [
    { id: "B2.1", acceptedDocumentation: ["Solution design document", "Architecture diagram"] },
    { id: "B3.1", acceptedDocumentation: ["Signed SOW", "Solution design", "Architecture diagrams"] },
    { id: "B4.1", acceptedDocumentation: ["SIGNED SOW", "Test report"] },
  ];

  it("lists what the chosen controls accept, in checklist order, each once ignoring case", () => {
    expect(artifactTypesFor(controls, [])).toEqual([]);
    expect(artifactTypesFor(controls, ["B4.1", "B3.1"])).toEqual([
      "Signed SOW",
      "Solution design",
      "Architecture diagrams",
      "Test report",
    ]);
  });

  it("finds the accepted spelling of what was typed", () => {
    const options = artifactTypesFor(controls, ["B3.1"]);
    expect(matchArtifactType("  signed sow ", options)).toBe("Signed SOW");
    expect(matchArtifactType("Signed", options)).toBeNull();
    expect(matchArtifactType("", options)).toBeNull();
  });
});

describe("the evidence page's filters", () => {
  it("reads the URL, ignoring what is not a control or a status", () => {
    expect(filtersFromSearch(new URLSearchParams("control=B2.1&status=ready&project=p1"))).toEqual({
      control: "B2.1",
      status: "ready",
      project: "p1",
      asked: false,
    });
    expect(filtersFromSearch(new URLSearchParams("control=../x&status=lost&project=%20"))).toEqual({
      control: null,
      status: null,
      project: null,
      asked: false,
    });
  });

  it("asks the API for what is asked of me as mine=1 with changes requested", () => {
    const asked = filtersFromSearch(new URLSearchParams("asked=1&status=approved&control=B3.1"));
    expect(apiFilters(asked)).toEqual({ control: "B3.1", mine: true, status: "changes_requested" });
    // The status filter gives way to "asked of me" in the URL too.
    expect(searchFromFilters(asked)).toEqual({ control: "B3.1", status: null, project: null, asked: "1" });
    expect(apiFilters(filtersFromSearch(new URLSearchParams("status=approved")))).toEqual({
      status: "approved",
    });
    expect(apiFilters(filtersFromSearch(new URLSearchParams("")))).toEqual({});
  });
});

describe("searchEvidence", () => {
  const items = [
    buildItem({ title: "Statement of work" }),
    buildItem({
      title: "Design",
      project: { ...buildItem().project, customerName: "Crème Brûlée Ltd", project: "Invoices" },
    }),
    buildItem({ title: "Runbook", kind: "link", currentRevision: null, url: "https://x.example/run" }),
  ];

  it("matches titles, customers, projects and file names, ignoring case and accents", () => {
    expect(searchEvidence(items, "STATEMENT").map((i) => i.title)).toEqual(["Statement of work"]);
    expect(searchEvidence(items, "creme").map((i) => i.title)).toEqual(["Design"]);
    expect(searchEvidence(items, items[0]?.currentRevision?.fileName ?? "?").map((i) => i.title)).toEqual([
      "Statement of work",
    ]);
    expect(searchEvidence(items, " ")).toBe(items);
  });
});

describe("evidenceCsvRows", () => {
  it("writes one row per item with its current file and hash, formula-safe", () => {
    const rows = evidenceCsvRows([buildItem({ title: "=cmd()", controls: ["B2.1", "B3.1"] })]);
    expect(rows[0]).toHaveLength(rows[1]?.length ?? 0);
    expect(rows[1]?.slice(0, 4)).toEqual(["=cmd()", "File", "Signed SOW", "B2.1, B3.1"]);
    expect(rows[1]).toContain("a".repeat(64));
    expect(toCsv(rows)).toContain("'=cmd()");
  });

  it("says whether each item counts and who approved it, self-approvals marked", () => {
    const approval = { revision: 1, sha256: "a".repeat(64), by: "Avery Admin", at: "2025-07-02T09:00:00Z" };
    const rows = evidenceCsvRows([
      buildItem({ status: "approved", counts: true, approval: { ...approval, selfApproved: false } }),
      buildItem({ status: "approved", counts: true, approval: { ...approval, selfApproved: true } }),
      buildItem(),
    ]);
    const col = (name: string) => (rows[0] as string[]).indexOf(name);
    expect(rows.slice(1).map((r) => [r[col("Counts for the audit")], r[col("Approved by")]])).toEqual([
      ["yes", "Avery Admin"],
      ["yes", "Avery Admin (self-approved)"],
      ["no", ""],
    ]);
  });
});

describe("the add and edit forms", () => {
  const file = new File(["x"], "design.pdf");

  it("says what is missing before anything is sent", () => {
    const empty = emptyEvidenceForm();
    expect(Object.keys(checkEvidenceForm(empty, null)).sort()).toEqual(
      ["artifactType", "controls", "file", "projectId", "title"].sort(),
    );
    const ready = {
      ...emptyEvidenceForm({ controls: ["B3.1"], projectId: "p1" }),
      title: "SOW",
      artifactType: "Signed SOW",
    };
    expect(checkEvidenceForm(ready, file)).toEqual({});
    expect(checkEvidenceForm({ ...ready, kind: "link" }, null)).toEqual({
      url: "Enter the address of the document.",
    });
    expect(checkEvidenceForm({ ...ready, kind: "note", note: "  " }, null)).toEqual({
      note: "Write the note.",
    });
    // Editing a file item never asks for the file again.
    expect(checkEvidenceForm(ready, null, { withFile: false })).toEqual({});
  });

  it("sends a link or a note as JSON, trimmed", () => {
    const form = {
      ...emptyEvidenceForm({ controls: ["B3.1"], projectId: "p1" }),
      title: " Runbook ",
      artifactType: " Signed SOW ",
      url: " https://contoso.sharepoint.com/x ",
    };
    expect(createBody({ ...form, kind: "link" })).toEqual({
      kind: "link",
      title: "Runbook",
      artifactType: "Signed SOW",
      projectId: "p1",
      controls: ["B3.1"],
      url: "https://contoso.sharepoint.com/x",
    });
    expect(createBody({ ...form, kind: "note", note: "Met on site.\n" })).toMatchObject({
      kind: "note",
      note: "Met on site.\n",
    });
  });

  it("patches only what changed (controls in any order are the same)", () => {
    const item = buildItem({ controls: ["B2.1", "B3.1"] });
    expect(patchFromForm(item, formFromItem(item))).toEqual({});
    expect(patchFromForm(item, { ...formFromItem(item), controls: ["B3.1", "B2.1"] })).toEqual({});
    expect(patchFromForm(item, { ...formFromItem(item), title: "New title ", controls: ["B3.1"] })).toEqual({
      title: "New title",
      controls: ["B3.1"],
    });
    // A file item has no address to change, whatever the form holds.
    expect(patchFromForm(item, { ...formFromItem(item), url: "https://x.example" })).toEqual({});
  });
});

describe("small words", () => {
  it("makes a title of a file name", () => {
    expect(titleFromFileName("Solution_design v2.docx")).toBe("Solution design v2");
    expect(titleFromFileName("archive.tar.gz")).toBe("archive.tar");
    expect(titleFromFileName(".env")).toBe(".env");
  });

  it("says where a link points", () => {
    expect(hostOf("https://contoso.sharepoint.com/sites/ai")).toBe("contoso.sharepoint.com");
    expect(hostOf("not a url")).toBe("not a url");
  });
});

describe("review progress", () => {
  it("counts the items by status and says how far the review has come", () => {
    const counts = reviewCounts([
      buildItem({ status: "approved" }),
      buildItem({ status: "approved" }),
      buildItem({ status: "ready" }),
      buildItem({ status: "draft" }),
      buildItem({ status: "changes_requested" }),
    ]);
    expect(counts).toEqual({ approved: 2, ready: 1, draft: 1, changes_requested: 1 });
    expect(reviewProgressText(counts)).toBe(
      "2 of 5 approved, 1 waiting for review, 1 draft, 1 sent back for changes",
    );
    expect(
      reviewProgressText(reviewCounts([buildItem({ status: "draft" }), buildItem({ status: "draft" })])),
    ).toBe("0 of 2 approved, 2 drafts");
    expect(reviewProgressText(reviewCounts([]))).toBe("No evidence yet");
  });
});

import { describe, expect, it } from "vitest";
import type { ImportImpact } from "../../api/types";
import {
  confirmationTitle,
  confirmLabel,
  conflictText,
  duplicateHeaders,
  effectiveStatus,
  initialMapping,
  jobAnnouncement,
  jobFraction,
  jobProgressText,
  mappingForRequest,
  missingRequired,
  moreText,
  previewLineText,
  previewSummary,
  previewsBeforeApplying,
  replacementWarning,
  revertAction,
  sampleValues,
  scorePreviewText,
  signedUsd,
  summarizeMonths,
} from "./import-helpers";
import type { ImportJob, ImportRecord, PreviewColumn } from "./types";

function buildImport(overrides: Partial<ImportRecord> = {}): ImportRecord {
  return {
    allowedActions: ["imports.revert"],
    id: "i1",
    kind: "azure-usage",
    fileName: "azure-usage.csv",
    size: 1000,
    sha256: "x",
    rows: 10,
    months: ["2025-06", "2025-07"],
    programId: "ai-ml-azure-fy24",
    mapping: {},
    status: "active",
    createdAt: "2025-09-01T10:00:00Z",
    createdBy: { id: "u1", name: "Megan" },
    revertedAt: null,
    warnings: [],
    ...overrides,
  };
}

function buildJob(overrides: Partial<ImportJob> = {}): ImportJob {
  return {
    id: "j1",
    uploadId: "u1",
    kind: "azure-usage",
    fileName: "azure-usage.csv",
    state: "reading",
    bytesDone: 450,
    bytesTotal: 1000,
    rows: 12345,
    ...overrides,
  };
}

const columns: PreviewColumn[] = [
  { name: "Month", required: true, description: "", header: "Month", matchedBy: "name" },
  { name: "ACR_USD", required: true, description: "", header: null, matchedBy: null },
  { name: "CustomerName", required: false, description: "", header: null, matchedBy: null },
];

describe("summarizeMonths", () => {
  it("writes runs of months as ranges", () => {
    expect(summarizeMonths(["2024-05", "2024-03", "2024-04"], "en-US")).toBe("Mar 2024 – May 2024");
    expect(summarizeMonths(["2024-12", "2025-01"], "en-US")).toBe("Dec 2024 – Jan 2025");
    expect(summarizeMonths(["2024-01", "2024-03"], "en-US")).toBe("Jan 2024, Mar 2024");
    expect(summarizeMonths([], "en-US")).toBe("—");
  });
  it("shortens many scattered months", () => {
    expect(summarizeMonths(["2023-01", "2023-03", "2023-05", "2023-07"], "en-US")).toBe(
      "Jan 2023 – Jul 2023 (4 months)",
    );
  });
});

describe("revertAction", () => {
  it("restores an earlier usage import that covers one of the months", () => {
    const old = buildImport({ id: "old", createdAt: "2025-08-01T00:00:00Z", months: ["2025-07"] });
    const unrelated = buildImport({ id: "other", createdAt: "2025-07-01T00:00:00Z", months: ["2024-01"] });
    const target = buildImport();
    expect(revertAction(target, [target, old, unrelated])).toEqual({
      label: "Restore previous",
      restores: old,
    });
  });
  it("undoes an import without an earlier one, and offers nothing for a reverted one", () => {
    const target = buildImport({ kind: "certifications" });
    const usage = buildImport({ id: "u", createdAt: "2025-01-01T00:00:00Z" });
    expect(revertAction(target, [target, usage])?.label).toBe("Undo this import");
    expect(revertAction(buildImport({ status: "reverted" }), [])).toBeNull();
  });
  it("restores an earlier file of another kind regardless of months", () => {
    const old = buildImport({
      id: "old",
      kind: "certifications",
      months: [],
      createdAt: "2025-01-01T00:00:00Z",
    });
    const target = buildImport({ kind: "certifications", months: [] });
    expect(revertAction(target, [target, old])?.label).toBe("Restore previous");
  });
});

describe("effectiveStatus", () => {
  it("tells which imports count now", () => {
    const old = buildImport({
      id: "old",
      createdAt: "2025-08-01T00:00:00Z",
      months: ["2025-06", "2025-07", "2025-08"],
    });
    const mid = buildImport({ id: "mid", createdAt: "2025-08-15T00:00:00Z", months: ["2025-01"] });
    const target = buildImport({ months: ["2025-07", "2025-08"] });
    const all = [target, mid, old];
    expect(effectiveStatus(target, all)).toBe("in_effect");
    expect(effectiveStatus(mid, all)).toBe("in_effect");
    expect(effectiveStatus(old, all)).toBe("partly_replaced");
    expect(
      effectiveStatus(old, [
        ...all,
        buildImport({ id: "n", createdAt: "2025-09-02T00:00:00Z", months: ["2025-06"] }),
      ]),
    ).toBe("replaced");
    expect(effectiveStatus(buildImport({ status: "reverted" }), all)).toBe("reverted");
  });

  it("replaces a whole file of another kind", () => {
    const old = buildImport({
      id: "old",
      kind: "certifications",
      months: [],
      createdAt: "2025-01-01T00:00:00Z",
    });
    const target = buildImport({ kind: "certifications", months: [] });
    expect(effectiveStatus(old, [target, old])).toBe("replaced");
    expect(revertAction(old, [target, old])).toBeNull();
  });
});

describe("column mapping", () => {
  it("starts from the server's matches and flags required columns without a header", () => {
    const mapping = initialMapping(columns);
    expect(mapping).toEqual({ Month: "Month", ACR_USD: null, CustomerName: null });
    expect(missingRequired(columns, mapping)).toEqual(["ACR_USD"]);
    expect(missingRequired(columns, { ...mapping, ACR_USD: "Revenue (USD)" })).toEqual([]);
  });
  it("sends only mapped columns and spots a header chosen twice", () => {
    expect(mappingForRequest({ Month: "Month", ACR_USD: "Revenue", CustomerName: null })).toEqual({
      Month: "Month",
      ACR_USD: "Revenue",
    });
    expect(duplicateHeaders({ a: "X", b: "X", c: "Y", d: null })).toEqual(["X"]);
  });
  it("samples the values under a header", () => {
    const header = ["Month", "Revenue"];
    const rows = [
      ["2025-01", "10"],
      ["2025-02", ""],
      ["2025-03", "30"],
    ];
    expect(sampleValues(header, rows, "Revenue")).toEqual(["10", "30"]);
    expect(sampleValues(header, rows, null)).toEqual([]);
    expect(sampleValues(header, rows, "Nope")).toEqual([]);
  });
});

describe("job progress", () => {
  it("computes the share read", () => {
    expect(jobFraction(buildJob())).toBe(0.45);
    expect(jobFraction(buildJob({ bytesTotal: 0 }))).toBeUndefined();
    expect(jobFraction(buildJob({ state: "done", bytesDone: 0 }))).toBe(1);
  });
  it("words the progress and announces only milestones", () => {
    expect(jobProgressText(buildJob(), "en-US")).toBe("45% · 12,345 rows read");
    expect(jobProgressText(buildJob({ rows: 0 }), "en-US")).toBe("45%");
    expect(jobProgressText(buildJob({ bytesTotal: 0, rows: 0 }), "en-US")).toBe("Reading…");
    expect(jobProgressText(buildJob({ state: "saving", rows: 0 }), "en-US")).toBe("Saving…");
    expect(jobProgressText(buildJob({ state: "saving" }), "en-US")).toBe("Saving 12,345 rows…");
    expect(jobAnnouncement(buildJob(), "en-US")).toBe("Reading the file: 40%");
    expect(jobAnnouncement(buildJob({ bytesDone: 490 }), "en-US")).toBe("Reading the file: 40%");
    expect(jobAnnouncement(buildJob({ state: "failed", problemTotal: 1200 }), "en-US")).toBe(
      "Import failed: 1,200 problems",
    );
  });
});

describe("imports that ask first", () => {
  const impact = (overrides: Partial<ImportImpact> = {}): ImportImpact => ({
    kind: "certifications",
    replaces: "kind",
    measures: [
      { name: "rows", before: 4, after: 1 },
      { name: "people", before: 4, after: 1 },
    ],
    emptiesKind: false,
    halved: ["rows", "people"],
    needsConfirmation: true,
    message: "server words",
    ...overrides,
  });

  it("says what would go, in the page's words", () => {
    expect(replacementWarning(impact(), "en-US")).toBe(
      "This file keeps only 1 of the 4 rows and 1 of the 4 people in effect: more than half would go.",
    );
    expect(
      replacementWarning(
        impact({ emptiesKind: true, measures: [{ name: "rows", before: 1, after: 0 }], halved: ["rows"] }),
        "en-US",
      ),
    ).toBe("This file has no rows: importing it removes the 1 row in effect.");
    const months = impact({
      kind: "azure-usage",
      replaces: "months",
      measures: [{ name: "customers", before: 5, after: 1 }],
      halved: ["customers"],
      months: [
        {
          month: "2025-08",
          replaces: true,
          rowsBefore: 10,
          rowsAfter: 2,
          customersBefore: 5,
          customersAfter: 1,
          eligibleAcrBefore: "500.00",
          eligibleAcrAfter: "100.00",
          eligibleAcrChange: "-400.00",
        },
      ],
    });
    expect(replacementWarning(months, "en-US")).toBe(
      "This file keeps only 1 of the 5 customers in the 1 month it replaces: more than half would go.",
    );
    expect(replacementWarning(impact({ needsConfirmation: false }), "en-US")).toBeNull();
  });

  it("names the People page's edits a certifications file would overwrite", () => {
    const conflicts = ["The file would remove AI-102 of Dara, entered in the workspace by Ada."];
    const edited = impact({ halved: [], measures: [], conflicts });
    expect(replacementWarning(edited, "en-US")).toBe(
      "It would overwrite a change made on the People page since the last import: The file would remove AI-102 of Dara, entered in the workspace by Ada.",
    );
    expect(replacementWarning(impact({ conflicts }), "en-US")).toBe(
      "This file keeps only 1 of the 4 rows and 1 of the 4 people in effect: more than half would go. It would overwrite a change made on the People page since the last import: The file would remove AI-102 of Dara, entered in the workspace by Ada.",
    );
    expect(confirmationTitle({ confirmations: ["replace"], impact: edited }, "certifications")).toBe(
      "Overwrite changes made on the People page?",
    );
  });

  it("titles the dialog by what it asks", () => {
    expect(confirmationTitle({ confirmations: ["replace"], impact: impact() }, "certifications")).toBe(
      "Replace most of the certifications?",
    );
    expect(
      confirmationTitle(
        { confirmations: ["replace"], impact: impact({ emptiesKind: true }) },
        "certifications",
      ),
    ).toBe("Leave the certifications empty?");
    expect(confirmationTitle({ confirmations: ["repeats"] }, "azure-usage")).toBe("Import rows that repeat?");
    expect(confirmationTitle({ confirmations: ["replace", "repeats"] }, "azure-usage")).toBe(
      "Import this file anyway?",
    );
  });

  it("writes amounts added or removed with their sign", () => {
    expect(signedUsd("10.00", "en-US")).toBe("+$10.00");
    expect(signedUsd("-179.25", "en-US")).toBe("\u2212$179.25");
    expect(signedUsd("0.00", "en-US")).toBe("$0.00");
    expect(signedUsd("-1234567.5", "en-US")).toBe("\u2212$1,234,567.50");
  });

  it("words a job waiting for its confirmation, or cancelled", () => {
    expect(jobProgressText(buildJob({ state: "needs_confirmation", rows: 3 }), "en-US")).toBe(
      "3 rows read; waiting for your confirmation.",
    );
    expect(jobAnnouncement(buildJob({ state: "cancelled" }), "en-US")).toBe("Import cancelled");
  });
});

describe("the preview of an import before it is applied", () => {
  type People = NonNullable<ImportImpact["people"]>;
  const people: People = {
    added: 1,
    changed: 2,
    removed: 1,
    unchanged: 1,
    conflicts: 1,
    more: 0,
    lines: [
      {
        action: "change",
        personId: "ben@contoso.example",
        certification: "AI-102",
        before: { personName: "Ben", earnedDate: "2025-04-04", associated: false },
        after: { personName: "Ben", earnedDate: "2025-04-04", associated: true },
        fields: ["associated"],
        conflict: true,
        editedBy: "Cody Contributor",
      },
      {
        action: "change",
        personId: "cleo@contoso.example",
        certification: "AI-102",
        before: { earnedDate: "2025-05-05" },
        after: { earnedDate: "2025-05-05", expirationDate: "2026-05-05" },
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
        before: { earnedDate: "2025-02-02" },
        conflict: true,
        editedBy: "Ada Admin",
      },
    ],
  };

  it("says per person and certification what is added, changed and removed, and which lines are conflicts", () => {
    expect(people.lines.map((l) => previewLineText(l, "en-US"))).toEqual([
      "Change AI-102 of Ben (ben@contoso.example): associated no → yes",
      "Change AI-102 of cleo@contoso.example: expires none → May 5, 2026",
      "Add DP-100 of Dan (dan@contoso.example) (earned Sep 9, 2025)",
      "Remove AZ-305 of eve@contoso.example",
    ]);
    expect(people.lines.map(conflictText)).toEqual([
      "Overwrites a People-page edit by Cody Contributor",
      null,
      null,
      "Removes what was entered on the People page by Ada Admin",
    ]);
    expect(previewSummary(people, "en-US")).toBe(
      "Adds 1, changes 2 and removes 1 certification rows (1 unchanged). 1 of them overwrites a People-page edit.",
    );
    expect(
      previewSummary({ ...people, added: 0, changed: 0, removed: 0, conflicts: 0, unchanged: 4 }, "en-US"),
    ).toBe("Changes no certification row (4 unchanged).");
    expect(moreText(0)).toBeNull();
    expect(moreText(1250, "en-US")).toBe("and 1,250 more");
  });

  it("says which entry a capability-score import adds, with each area's totals before and after", () => {
    expect(
      scorePreviewText(
        {
          shownOn: "2026-12-06",
          fileName: "score.csv",
          areas: [
            {
              area: "Digital & App Innovation (Azure)",
              before: "60",
              after: "77",
              metBefore: false,
              metAfter: true,
            },
            { area: "Data & AI (Azure)", before: "80", after: "80", metBefore: true, metAfter: true },
          ],
        },
        "en-US",
      ),
    ).toEqual({
      heading: "Adds the entry of Dec 6, 2026 (score.csv) to the capability score's history.",
      areas: [
        "Digital & App Innovation (Azure): 60 → 77 points (qualifies)",
        "Data & AI (Azure): 80 → 80 points",
      ],
    });
  });

  it("previews certifications and capability-score imports, and asks to apply or cancel", () => {
    expect(previewsBeforeApplying("certifications")).toBe(true);
    expect(previewsBeforeApplying("capability-score")).toBe(true);
    expect(previewsBeforeApplying("azure-usage")).toBe(false);
    expect(confirmationTitle({ confirmations: ["changes"] }, "certifications")).toBe(
      "Apply this certifications import?",
    );
    expect(confirmLabel({ confirmations: ["changes"] })).toBe("Apply the import");
    expect(confirmLabel({ confirmations: ["replace", "changes"] })).toBe("Import and replace");
    expect(confirmLabel({ confirmations: ["repeats", "changes"] })).toBe("Import with the repeated rows");
  });
});

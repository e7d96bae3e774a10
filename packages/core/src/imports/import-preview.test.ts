import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildCertification,
  DATA_AI,
  DIGITAL_APP,
  fullScores,
  loadTestProgram,
  METRICS,
} from "../test-support/builders.js";
import type { ScoreEntry } from "../workspace/capability-score-history.js";
import { certificationDiff, type StoredCertification } from "../workspace/certification-diff.js";
import { certificationsPreview, PREVIEW_LINES, scorePreview } from "./import-preview.js";

const program = loadTestProgram();

const stored = (id: string, personId: string, editedBy?: string): StoredCertification => ({
  id,
  personId,
  certification: "DP-100",
  earnedDate: "2025-03-03",
  ...(editedBy === undefined ? {} : { editedBy }),
});

describe("certificationsPreview", () => {
  it("lists conflicts first, then by person and certification, with what each line changes", () => {
    const diff = certificationDiff(
      [stored("a", "ana@x.example"), stored("z", "zoe@x.example", "Ada"), stored("e", "eve@x.example")],
      [
        buildCertification({ personId: "ana@x.example", certification: "DP-100", earnedDate: "2025-04-04" }),
        buildCertification({ personId: "zoe@x.example", certification: "DP-100", earnedDate: "2025-05-05" }),
        buildCertification({ personId: "bob@x.example", certification: "AI-102", earnedDate: "2025-06-06" }),
      ],
    );
    const preview = certificationsPreview(diff);
    expect(preview).toMatchObject({ added: 1, changed: 2, removed: 1, unchanged: 0, conflicts: 1, more: 0 });
    expect(preview.lines.map((l) => [l.action, l.personId, l.conflict, l.editedBy])).toEqual([
      ["change", "zoe@x.example", true, "Ada"],
      ["change", "ana@x.example", false, undefined],
      ["add", "bob@x.example", false, undefined],
      ["remove", "eve@x.example", false, undefined],
    ]);
    expect(preview.lines[1]).toMatchObject({
      before: { earnedDate: "2025-03-03" },
      after: { earnedDate: "2025-04-04" },
      fields: ["earnedDate"],
    });
  });

  it("keeps at most the limit of lines, never leaving out a conflict before another line, and counts the rest", () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { maxLength: 120 }),
        fc.integer({ min: 0, max: 80 }),
        (edited, limit) => {
          const rows = edited.map((e, i) => stored(`s${i}`, `p${i}@x.example`, e ? "Ada" : undefined));
          const preview = certificationsPreview(certificationDiff(rows, []), limit);
          expect(preview.lines.length).toBe(Math.min(limit, rows.length));
          expect(preview.lines.length + preview.more).toBe(rows.length);
          const conflicts = edited.filter((e) => e).length;
          expect(preview.lines.filter((l) => l.conflict).length).toBe(Math.min(conflicts, limit));
        },
      ),
    );
    expect(PREVIEW_LINES).toBe(50);
  });
});

describe("scorePreview", () => {
  const form = (id: string, shownOn: string, area: string, points: readonly string[]): ScoreEntry => ({
    id,
    shownOn: shownOn as never,
    kind: "form",
    area,
    points: Object.fromEntries(METRICS.map((m, i) => [m, points[i] as string])),
  });
  it("gives each area's total in effect before and after the entry an import adds", () => {
    const before = [form("f", "2025-01-01", DIGITAL_APP, ["10", "10", "10", "10", "10"])];
    const after: ScoreEntry[] = [
      ...before,
      {
        id: "i",
        shownOn: "2025-02-01" as never,
        kind: "import",
        fileName: "score.csv",
        records: fullScores(DATA_AI, ["30", "15", "10", "10", "12"]),
      },
    ];
    const preview = scorePreview(program, before, after, { shownOn: "2025-02-01", fileName: "score.csv" });
    expect(preview.shownOn).toBe("2025-02-01");
    expect(preview.areas).toContainEqual({
      area: DIGITAL_APP,
      before: "50",
      after: null,
      metBefore: false,
      metAfter: false,
    });
    expect(preview.areas).toContainEqual({
      area: DATA_AI,
      before: null,
      after: "77",
      metBefore: false,
      metAfter: true,
    });
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCertification } from "../test-support/builders.js";
import {
  certificationDiff,
  describeCertificationConflicts,
  describeCertificationDiff,
  type StoredCertification,
} from "./certification-diff.js";

const stored = (overrides: Partial<StoredCertification> & { id: string }): StoredCertification => ({
  personId: "ana@contoso.example",
  personName: "Ana",
  certification: "DP-100",
  earnedDate: "2025-03-03",
  ...overrides,
});

describe("certificationDiff", () => {
  it("pairs rows by person and certification ignoring case, and says what the file adds, changes and removes", () => {
    const diff = certificationDiff(
      [
        stored({ id: "a" }),
        stored({ id: "b", personId: "ben@contoso.example", personName: "Ben", certification: "AI-102" }),
        stored({ id: "c", personId: "cleo@contoso.example", personName: "Cleo" }),
      ],
      [
        buildCertification({
          personId: "ANA@contoso.example",
          personName: "Ana",
          certification: "dp-100",
          earnedDate: "2025-03-03",
        }),
        buildCertification({
          personId: "ben@contoso.example",
          personName: "Ben",
          certification: "AI-102",
          earnedDate: "2025-03-03",
          expirationDate: "2026-01-01",
        }),
        buildCertification({ personId: "dara@contoso.example", certification: "AI-103" }),
      ],
    );
    expect(diff.unchanged).toBe(1);
    expect(diff.changed.map((c) => [c.stored.id, c.fields])).toEqual([["b", ["expirationDate"]]]);
    expect(diff.added.map((r) => r.personId)).toEqual(["dara@contoso.example"]);
    expect(diff.removed.map((r) => r.stored.id)).toEqual(["c"]);
    expect(diff.rows.map((r) => r.matches)).toEqual(["a", "b", undefined]);
    expect(diff.conflicts).toBe(0);
    expect(describeCertificationDiff(diff)).toBe(
      "certification rows: 1 added, 1 changed, 1 removed, 1 unchanged",
    );
  });

  it("calls changing or removing a row edited in the workspace a conflict, naming who edited it", () => {
    const diff = certificationDiff(
      [
        stored({ id: "a", associated: false, editedBy: "Carl Contributor" }),
        stored({
          id: "b",
          personId: "dara@contoso.example",
          personName: "Dara",
          certification: "AI-102",
          editedBy: "Ada",
        }),
        stored({ id: "c", personId: "eve@contoso.example", editedBy: "Ada" }),
      ],
      [
        buildCertification({ personId: "ana@contoso.example", personName: "Ana", earnedDate: "2025-03-03" }),
        buildCertification({ personId: "eve@contoso.example", personName: "Ana", earnedDate: "2025-03-03" }),
      ],
    );
    expect(diff.conflicts).toBe(2);
    expect(describeCertificationConflicts(diff)).toEqual([
      "The file would change DP-100 of Ana (associated), edited in the workspace by Carl Contributor.",
      "The file would remove AI-102 of Dara, entered in the workspace by Ada.",
    ]);
  });

  it("keeps rows that repeat each other, pairing them in order", () => {
    const row = buildCertification({ personId: "twice@contoso.example" });
    const diff = certificationDiff(
      [
        stored({
          id: "x",
          personId: "twice@contoso.example",
          earnedDate: "2024-01-15",
          personName: undefined,
        }),
      ],
      [row, row],
    );
    expect(diff.rows.map((r) => r.matches)).toEqual(["x", undefined]);
    expect(diff.added).toHaveLength(1);
  });

  it("accounts for every row: the file's are added, changed or unchanged, the stored ones paired or removed", () => {
    const person = fc.constantFrom("a@x.example", "b@x.example", "c@x.example");
    const cert = fc.constantFrom("DP-100", "AI-102");
    const date = fc.constantFrom("2025-01-01", "2025-06-01", undefined);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ personId: person, certification: cert, earnedDate: date, edited: fc.boolean() }),
          { maxLength: 8 },
        ),
        fc.array(fc.record({ personId: person, certification: cert, earnedDate: date }), { maxLength: 8 }),
        (s, f) => {
          const st = s.map((x, i) =>
            stored({
              id: String(i),
              personId: x.personId,
              personName: undefined,
              certification: x.certification,
              earnedDate: x.earnedDate,
              editedBy: x.edited ? "Ed" : undefined,
            }),
          );
          const file = f.map((x) => buildCertification({ ...x, earnedDate: x.earnedDate as never }));
          const diff = certificationDiff(st, file);
          expect(diff.added.length + diff.changed.length + diff.unchanged).toBe(file.length);
          const paired = diff.rows.filter((r) => r.matches !== undefined).length;
          expect(paired + diff.removed.length).toBe(st.length);
          expect(new Set(diff.rows.flatMap((r) => (r.matches === undefined ? [] : [r.matches]))).size).toBe(
            paired,
          );
        },
      ),
    );
  });
});

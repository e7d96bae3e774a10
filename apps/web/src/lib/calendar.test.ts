import * as core from "@specready/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonths, lastDayWithin } from "./calendar";

const day = fc
  .date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2090, 11, 31)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe("the register's calendar", () => {
  it("steps months as the core's rules do", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -36, max: 36 }), (date, months) => {
        expect(addMonths(date, months)).toBe(core.addMonths(date, months));
        expect(lastDayWithin(date, Math.abs(months))).toBe(core.lastDayWithin(date, Math.abs(months)));
      }),
      { numRuns: 2000 },
    );
  });

  it("handles month ends and leap days", () => {
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2025-03-31", -1)).toBe("2025-02-28");
    expect(addMonths("2025-12-15", 1)).toBe("2026-01-15");
    expect(lastDayWithin("2023-02-28", 12)).toBe("2024-02-29");
    expect(lastDayWithin("2025-01-31", 1)).toBe("2025-02-28");
  });
});

import { describe, expect, it } from "vitest";
import { pendingSentences } from "./audit-pending";

describe("pendingSentences", () => {
  it("names each control evidence pending review would raise, with its approved figure", () => {
    const control = (id: string, customerCount: number, required: number, pendingCustomers: number) => ({
      id,
      customerCount,
      required,
      pendingItems: pendingCustomers + 1,
      pendingCustomers,
      statusIfApproved: "not_met" as const,
    });
    expect(
      pendingSentences({
        date: "2026-12-02",
        items: 4,
        statusIfApproved: "not_met",
        controls: [control("A3.3", 1, 2, 1), control("B2.3", 0, 1, 1), control("B3.1", 2, 3, 0)],
      }),
    ).toEqual([
      "A3.3: 1 of 2 customers; 1 more pending review",
      "B2.3: 0 of 1 customer; 1 more pending review",
    ]);
  });
});

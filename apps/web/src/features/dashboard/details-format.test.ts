import { describe, expect, it } from "vitest";
import {
  formatScalar,
  formatScalarList,
  humanizeKey,
  nestedCount,
  shapeOf,
  tableColumns,
} from "./details-format";

describe("humanizeKey", () => {
  it("has words for the keys of the requirements' details", () => {
    expect(humanizeKey("windowTotalUsd")).toBe("Window total (USD)");
    expect(humanizeKey("tenantId")).toBe("Tenant ID");
    expect(humanizeKey("line")).toBe("Line in file");
  });
  it("keeps keys that are data", () => {
    expect(humanizeKey("DP-100")).toBe("DP-100");
    expect(humanizeKey("Free Trial")).toBe("Free Trial");
  });

  it("splits other camel-case keys", () => {
    expect(humanizeKey("customerCountSomething")).toBe("Customer count something");
    expect(humanizeKey("ineligibleReasonUsd")).toBe("Ineligible reason (USD)");
    expect(humanizeKey("retryHTTPStatus")).toBe("Retry http status");
    expect(humanizeKey("snake_case")).toBe("Snake case");
  });
});

describe("formatScalar", () => {
  it("formats money keys, dates, months, booleans and numbers", () => {
    expect(formatScalar("windowTotalUsd", "6670.85", "en-US")).toBe("$6,670.85");
    expect(formatScalar("monthlyAverageUsd", 2223.62, "en-US")).toBe("$2,223.62");
    expect(formatScalar("earnedDate", "2025-01-02", "en-US")).toBe("Jan 2, 2025");
    expect(formatScalar("month", "2025-08", "en-US")).toBe("Aug 2025");
    expect(formatScalar("counts", true, "en-US")).toBe("Yes");
    expect(formatScalar("customerCount", 1234, "en-US")).toBe("1,234");
    expect(formatScalar("expiresOn", null, "en-US")).toBe("—");
    expect(formatScalar("metric", "Usage growth", "en-US")).toBe("Usage growth");
    expect(formatScalar("status", "not_met", "en-US")).toBe("Not met");
    expect(formatScalar("status", "some_state", "en-US")).toBe("some state");
  });
  it("says what keeps AI ACR out in words, and amounts that did not count with separators", () => {
    expect(formatScalar("cause", "partner-own-tenant", "en-US")).toBe("Your own tenant, not a customer");
    expect(formatScalar("cause", "government-pal", "en-US")).toBe(
      "A government subscription already through PAL",
    );
    expect(formatScalar("cause", "something-new", "en-US")).toBe("something-new");
    expect(formatScalar("amountUsd", "2680.04", "en-US")).toBe("$2,680.04");
    expect(humanizeKey("cause")).toBe("What keeps it out");
  });
  it("joins lists", () => {
    expect(formatScalarList("window", ["2025-06", "2025-07"], "en-US")).toBe("Jun 2025, Jul 2025");
    expect(formatScalarList("x", [], "en-US")).toBe("none");
  });
});

describe("shapes", () => {
  it("tells scalars, lists, tables and groups apart", () => {
    expect(shapeOf("a").kind).toBe("scalar");
    expect(shapeOf(undefined)).toEqual({ kind: "scalar", value: null });
    expect(shapeOf(["a", 1]).kind).toBe("list");
    expect(shapeOf([{ a: 1 }]).kind).toBe("table");
    expect(shapeOf({ a: 1 }).kind).toBe("object");
    expect(shapeOf([{ a: 1 }, 2]).kind).toBe("unknown");
  });

  it("splits a table's columns into flat ones and nested records", () => {
    const rows = [
      { tenantId: "t1", name: "Contoso", months: [{ month: "2025-01", amountUsd: "1" }], flags: ["x"] },
      { tenantId: "t2", name: null, months: [], extra: { a: 1 } },
    ];
    expect(tableColumns(rows)).toEqual({ flat: ["tenantId", "name", "flags"], nested: ["months", "extra"] });
    expect(nestedCount(rows[0]?.months)).toBe(1);
    expect(nestedCount({ a: 1, b: 2 })).toBe(2);
    expect(nestedCount("x")).toBeNull();
  });
});

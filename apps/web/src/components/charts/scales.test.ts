import { describe, expect, it } from "vitest";
import { truncate } from "./truncate";

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error("expected a value");
  return value;
}

import {
  bandScale,
  clamp,
  dateOfDayNumber,
  dayNumber,
  linearScale,
  monthTicks,
  niceStep,
  niceTicks,
  toNumber,
} from "./scales";

describe("linearScale", () => {
  it("maps and inverts", () => {
    const y = linearScale([0, 4000], [300, 0]);
    expect(y(0)).toBe(300);
    expect(y(2000)).toBe(150);
    expect(y(4000)).toBe(0);
    expect(y.invert(150)).toBe(2000);
  });
  it("survives a zero-width domain", () => {
    expect(linearScale([5, 5], [0, 100])(5)).toBe(0);
  });
});

describe("nice ticks", () => {
  it("chooses steps of 1, 2, 2.5 and 5", () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(2200, 5)).toBe(500);
    expect(niceStep(1000, 4)).toBe(250);
    expect(niceStep(0, 5)).toBe(1);
  });
  it("covers the maximum", () => {
    expect(niceTicks(2200)).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(niceTicks(2000)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(niceTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(-5)).toEqual([0, 1]);
    const t = niceTicks(87654);
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(87654);
    expect(t.length).toBeLessThanOrEqual(7);
  });
});

describe("bandScale", () => {
  it("splits the range into padded bands", () => {
    const x = bandScale(4, [0, 400], 0.2);
    expect(x.step).toBe(100);
    expect(x.bandwidth).toBe(80);
    expect(x(0)).toBe(10);
    expect(x(3)).toBe(310);
  });
  it("has no bands for no items", () => {
    expect(bandScale(0, [0, 100]).bandwidth).toBe(0);
  });
});

describe("calendar days", () => {
  it("numbers calendar dates and back", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(must(dayNumber("2024-03-01")) - must(dayNumber("2024-02-28"))).toBe(2);
    expect(dayNumber("x")).toBeNull();
    expect(dateOfDayNumber(must(dayNumber("2025-09-10")))).toBe("2025-09-10");
  });

  it("ticks month starts within the span", () => {
    const ticks = monthTicks(must(dayNumber("2025-01-15")), must(dayNumber("2025-05-20")));
    expect(ticks.map((t) => t.date)).toEqual(["2025-02-01", "2025-03-01", "2025-04-01", "2025-05-01"]);
    expect(monthTicks(must(dayNumber("2025-01-01")), must(dayNumber("2025-01-01")))).toEqual([]);
  });

  it("spaces ticks out over long spans", () => {
    const ticks = monthTicks(must(dayNumber("2022-01-01")), must(dayNumber("2026-12-31")), 8);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks[0]?.date).toBe("2022-01-01");
    expect(ticks.every((t) => t.date.endsWith("-01-01") || t.date.endsWith("-07-01"))).toBe(true);
  });
});

describe("helpers", () => {
  it("parses decimal text for geometry and clamps", () => {
    expect(toNumber("2150.33")).toBeCloseTo(2150.33);
    expect(toNumber("1,000")).toBe(1000);
    expect(toNumber("abc")).toBe(0);
    expect(toNumber(null)).toBe(0);
    expect(clamp(5, 0, 3)).toBe(3);
  });
});

describe("truncate", () => {
  it("cuts long labels with an ellipsis", () => {
    expect(truncate("Microsoft Certified: Azure AI Engineer", 10)).toBe("Microsoft…");
    expect(truncate("DP-100", 10)).toBe("DP-100");
    expect(truncate("abc", 1)).toBe("…");
    expect(truncate("abc", 0)).toBe("");
  });
});

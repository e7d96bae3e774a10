import { describe, expect, it } from "vitest";

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error("expected a value");
  return value;
}

import { acrGeometry, acrSeries, customerLabel } from "./acr-chart-model";
import { auditGrid, cellState } from "./audit-grid-model";
import { capabilityGeometry } from "./capability-model";
import { certificationTimeline, personLabel } from "./certification-timeline-model";
import {
  buildAcrChart,
  buildAuditChart,
  buildCapabilityChart,
  buildCertificationsChart,
} from "./chart-builders.test-support";

describe("ACR chart", () => {
  it("labels customers by name, else by a shortened tenant id", () => {
    expect(customerLabel({ tenantId: "abc", name: "Contoso" })).toBe("Contoso");
    expect(customerLabel({ tenantId: "11111111-aaaa-bbbb", name: null })).toBe("11111111…");
    expect(customerLabel({ tenantId: "short", name: " " })).toBe("short");
  });

  it("stacks the largest customers and groups the rest as other customers", () => {
    const customers = Array.from({ length: 10 }, (_, i) => ({
      tenantId: `t${i}`,
      name: `C${i}`,
      countsInWindow: i !== 0,
      windowSumUsd: String(100 * i),
      amountsUsd: ["10", "20", "30", "40"],
    }));
    const series = acrSeries(buildAcrChart({ customers }), 4);
    expect(series.map((s) => s.label)).toEqual(["C9", "C8", "C7", "7 other customers"]);
    expect(series[3]?.amounts).toEqual([70, 140, 210, 280]);
    expect(series[3]?.colorIndex).toBe(-1);
  });

  it("puts the threshold, the window and the stacks on one scale", () => {
    const acr = buildAcrChart();
    const g = acrGeometry(acr, acrSeries(acr), 600, 280);
    // Ticks reach above the threshold (2000 × 1.15 → 2500).
    expect(g.ticks[g.ticks.length - 1]?.value).toBe(2500);
    const y = (v: number) => g.plot.bottom - (v / 2500) * (g.plot.bottom - g.plot.top);
    expect(g.thresholdY).toBeCloseTo(y(2000));
    expect(g.averageY).toBeCloseTo(y(1500));
    expect(g.bars[0]?.totalY).toBeCloseTo(y(1500));
    expect(g.bars[0]?.segments).toHaveLength(2);
    expect(g.bars[3]?.segments).toHaveLength(1);
    expect(g.bars.map((b) => b.inWindow)).toEqual([true, true, true, false]);
    const step = (g.plot.right - g.plot.left) / 4;
    expect(g.window?.x).toBeCloseTo(g.plot.left);
    expect(g.window?.width).toBeCloseTo(3 * step);
  });

  it("draws no negative segments and has no window when none of its months is shown", () => {
    const acr = buildAcrChart({ window: ["2026-01"] });
    const series = acrSeries({
      ...acr,
      customers: [{ ...must(acr.customers[0]), amountsUsd: ["-50", "0", "0", "0"] }],
    });
    const g = acrGeometry(acr, series, 500);
    expect(g.bars[0]?.segments).toEqual([]);
    expect(g.window).toBeNull();
  });
});

describe("certification timeline", () => {
  it("lays out a row per person and a lane per certification", () => {
    const g = certificationTimeline(buildCertificationsChart(), "2025-09-10", 800);
    expect(g.rows.map((r) => r.label)).toEqual(["Alex Wilber", "p2"]);
    expect(personLabel({ personId: "p2", name: null })).toBe("p2");
    expect(g.rows[0]?.height).toBe(44);
    expect(g.bars).toHaveLength(3);
    expect(must(g.bars[1]).y).toBeGreaterThan(must(g.bars[0]).y);
    expect(must(g.bars[2]).y).toBeGreaterThan(must(g.bars[1]).y);
  });

  it("places bars on the time axis, with open ends when dates are missing", () => {
    const g = certificationTimeline(buildCertificationsChart(), "2025-09-10", 800);
    const [counting, expired, open] = g.bars;
    expect(must(expired).x).toBeLessThan(must(counting).x);
    expect(must(counting).x).toBeLessThan(g.asOfX);
    expect(must(counting).x + must(counting).width).toBeGreaterThan(g.asOfX);
    expect(must(open).openStart && must(open).openEnd).toBe(true);
    expect(must(open).x).toBeCloseTo(g.plot.left);
    expect(must(open).x + must(open).width).toBeCloseTo(g.plot.right);
    expect(g.domain.start <= "2023-05-01").toBe(true);
    expect(g.ticks.length).toBeGreaterThan(1);
    expect(g.ticks.every((t, i, all) => i === 0 || t.x > must(all[i - 1]).x)).toBe(true);
  });

  it("marks today only when it differs from the as-of date", () => {
    const chart = buildCertificationsChart();
    expect(certificationTimeline(chart, "2025-09-10", 800, "2025-09-10").todayX).toBeNull();
    expect(certificationTimeline(chart, "2025-09-10", 800, "2025-10-10").todayX).not.toBeNull();
  });
});

describe("capability chart", () => {
  it("draws metrics against their maximum and the total against the points needed", () => {
    const g = capabilityGeometry(buildCapabilityChart(), 700);
    expect(g.areas).toHaveLength(1);
    const [adds, advanced, total] = g.rows;
    expect(adds?.kind).toBe("metric");
    expect(must(adds).barWidth / must(adds).trackWidth).toBeCloseTo(20 / 30);
    expect(advanced?.ok).toBe(false);
    expect(advanced?.barWidth).toBe(0);
    expect(total?.kind).toBe("total");
    expect(total?.ok).toBe(true);
    expect(must(total).neededX).toBeGreaterThan(g.barLeft);
    expect(must(total).neededX).toBeLessThan(must(total).barX + must(total).barWidth);
  });
});

describe("audit coverage grid", () => {
  it("marks cells that count, cells too old, and empty ones (tenant ids in any case)", () => {
    const g = auditGrid(buildAuditChart(), 600);
    expect(g.cells.map((c) => `${c.control}/${c.tenantId}:${c.state}`)).toEqual([
      "A1.1/T1:counts",
      "A1.1/T2:none",
      "B1.1/T1:none",
      "B1.1/T2:too_old",
    ]);
    expect(g.moduleBreaks).toEqual([g.headerHeight + g.cellSize]);
    expect(cellState(undefined)).toBe("none");
  });

  it("asks for more width than available rather than shrinking cells", () => {
    const customers = Array.from({ length: 40 }, (_, i) => ({ tenantId: `t${i}`, name: `Customer ${i}` }));
    const g = auditGrid(buildAuditChart({ customers }), 500);
    expect(g.width).toBeGreaterThan(500);
    expect(g.cellSize).toBe(26);
  });
});

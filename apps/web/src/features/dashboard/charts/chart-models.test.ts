import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { estimateTextWidth } from "../../../components/charts/text-fit";

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
      colorRank: i,
    }));
    const series = acrSeries(buildAcrChart({ customers }), 4);
    expect(series.map((s) => s.label)).toEqual(["C9", "C8", "C7", "7 other customers"]);
    expect(series[3]?.amounts).toEqual([70, 140, 210, 280]);
    expect(series[3]?.colorIndex).toBe(-1);
  });

  it("sums the other customers exactly, as the core sums money", () => {
    // Ten customers of USD 0.10 and one credit: 0.1 summed as floats ten times is 0.9999999999999999.
    const customers = Array.from({ length: 12 }, (_, i) => ({
      tenantId: `t${String(i).padStart(2, "0")}`,
      name: null,
      countsInWindow: true,
      windowSumUsd: i < 2 ? "1000" : "0.1",
      amountsUsd: [i < 2 ? "1000" : "0.1", i === 11 ? "-0.005" : "1234567890123.45"],
      colorRank: i,
    }));
    const other = acrSeries(buildAcrChart({ customers }), 3).at(-1);
    expect(other?.label).toBe("10 other customers");
    expect(other?.amountTexts).toEqual(["1", "11111111011111.045", "0", "0"]);
    expect(other?.amounts).toEqual([1, 11111111011111.045, 0, 0]);
  });

  it("gives each customer its colour by its rank over all its ACR, not by its place in the window", () => {
    const customer = (tenantId: string, windowSumUsd: string, colorRank: number) => ({
      tenantId,
      name: tenantId,
      countsInWindow: true,
      windowSumUsd,
      amountsUsd: [windowSumUsd, "0", "0", "0"],
      colorRank,
    });
    const colours = (customers: ReturnType<typeof customer>[]) =>
      Object.fromEntries(acrSeries(buildAcrChart({ customers })).map((s) => [s.key, s.colorIndex]));
    // Another as-of date: the same customers in another order by their window sums.
    const june = colours([customer("a", "300", 2), customer("b", "200", 0), customer("c", "100", 5)]);
    const july = colours([customer("c", "900", 5), customer("b", "500", 0), customer("a", "10", 2)]);
    expect(june).toEqual({ a: 2, b: 0, c: 5 });
    expect(july).toEqual(june);
  });

  it("keeps the colours of a chart distinct when two ranks share a palette colour", () => {
    const customers = [0, 3, 10, 13].map((colorRank) => ({
      tenantId: `r${colorRank}`,
      name: null,
      countsInWindow: true,
      windowSumUsd: String(100 - colorRank),
      amountsUsd: ["1", "0", "0", "0"],
      colorRank,
    }));
    const series = acrSeries(buildAcrChart({ customers }), 8, 10);
    const byKey = Object.fromEntries(series.map((s) => [s.key, s.colorIndex]));
    // The larger customers overall keep theirs; 10 and 13 take the next free colours.
    expect(byKey).toEqual({ r0: 0, r3: 3, r10: 1, r13: 4 });
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

  const LONG = "Microsoft Certified: Azure Administrator Associate";
  const oneBar = (earnedDate: string | null, expiresOn: string | null, name = LONG, person = "Megan Bowen") =>
    buildCertificationsChart({
      people: [
        {
          personId: "p",
          name: person,
          counts: false,
          certifications: [
            {
              certification: name,
              counted: null,
              earnedDate,
              expiresOn,
              renewalOpensOn: null,
              renewalRetires: null,
              status: "does_not_count",
            },
          ],
        },
      ],
    });

  it("keeps a label that would cross the as-of line off it: after the bar when the bar stops short of it", () => {
    // The bar ends two weeks before the as-of date: a label right after it would cross the line.
    const g = certificationTimeline(oneBar("2024-08-27", "2025-08-27", "AZ-305"), "2025-09-10", 800);
    const label = must(must(g.bars[0]).label);
    expect(label.text).toBe("AZ-305");
    expect(clearOf(label, g.asOfX)).toBe(true);
  });

  it("writes a name whole where there is room for it, and shortens it only where there is none", () => {
    // Earned long ago, expiring soon: the whole name fits after the bar, in the year after the as-of date.
    const roomy = certificationTimeline(oneBar("2024-01-15", "2025-10-01"), "2025-09-10", 1000);
    expect(must(must(roomy.bars[0]).label).text).toBe(LONG);
    const narrow = certificationTimeline(oneBar("2024-09-01", "2026-01-01"), "2025-09-10", 320);
    const short = must(narrow.bars[0]).label;
    if (short !== null) {
      expect(short.text.endsWith("…")).toBe(true);
      expect(LONG.startsWith(short.text.slice(0, -1))).toBe(true);
    }
  });

  it("gives the names' column the width the longest name needs, within a third of the chart", () => {
    const name = "Johanna Lorenz-Vasquez de la Fuente";
    const g = certificationTimeline(oneBar("2025-01-01", "2026-01-01", "DP-100", name), "2025-09-10", 900);
    expect(g.rows[0]?.label).toBe(name);
    expect(g.plot.left).toBeGreaterThanOrEqual(estimateTextWidth(name, 12, 600) + 16);
    const narrow = certificationTimeline(
      oneBar("2025-01-01", "2026-01-01", "DP-100", name),
      "2025-09-10",
      300,
    );
    expect(narrow.rows[0]?.label.endsWith("…")).toBe(true);
    expect(narrow.plot.left).toBeLessThanOrEqual(110);
  });

  it("property: no label crosses the as-of or today line, leaves the plot, or is cut where it fits whole", () => {
    const day = fc.integer({ min: -900, max: 900 });
    const dateAt = (offset: number) =>
      new Date(Date.UTC(2025, 8, 10) + offset * 86_400_000).toISOString().slice(0, 10);
    const cert = fc.record({
      name: fc.constantFrom("DP-100", "AI-102", "AZ-305", LONG, "Azure AI Engineer Associate"),
      earned: fc.option(day, { nil: null }),
      length: fc.integer({ min: 1, max: 800 }),
      noExpiry: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cert, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 280, max: 1400 }),
        fc.option(fc.integer({ min: -200, max: 200 }), { nil: null }),
        (people, width, todayOffset) => {
          const chart = buildCertificationsChart({
            people: people.map((certs, i) => ({
              personId: `p${i}`,
              name: `Person ${i}`,
              counts: false,
              certifications: certs.map((c) => ({
                certification: c.name,
                counted: null,
                earnedDate: c.earned === null ? null : dateAt(c.earned),
                expiresOn: c.noExpiry ? null : dateAt((c.earned ?? -400) + c.length),
                renewalOpensOn: null,
                renewalRetires: null,
                status: "does_not_count" as const,
              })),
            })),
          });
          const g = certificationTimeline(
            chart,
            "2025-09-10",
            width,
            todayOffset === null ? null : dateAt(todayOffset),
          );
          for (const b of g.bars) {
            if (b.label === null) continue;
            expect(clearOf(b.label, g.asOfX)).toBe(true);
            if (g.todayX !== null) expect(clearOf(b.label, g.todayX)).toBe(true);
            expect(b.label.x).toBeGreaterThanOrEqual(g.plot.left);
            expect(b.label.x + b.label.width).toBeLessThanOrEqual(g.plot.right + 0.001);
            if (b.label.place === "inside") {
              expect(b.label.x).toBeGreaterThanOrEqual(b.x);
              expect(b.label.x + b.label.width).toBeLessThanOrEqual(b.x + b.width);
            } else {
              // Outside the bar, never on it.
              expect(b.label.x >= b.x + b.width || b.label.x + b.label.width <= b.x).toBe(true);
            }
            if (b.label.text.endsWith("…")) {
              // Shortened only when no stretch of its lane between the bar's ends and the lines (with
              // the margins labels keep) could take it whole.
              const cuts = [g.plot.left, b.x, b.x + b.width, g.asOfX, g.todayX ?? g.asOfX, g.plot.right].sort(
                (x, y) => x - y,
              );
              const longest = Math.max(...cuts.slice(1).map((c, i) => c - (cuts[i] as number)));
              expect(longest).toBeLessThan(estimateTextWidth(b.certification, 11, 600) + 16);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** A label's box keeps clear of a 2px line at `lineX`. */
function clearOf(label: { readonly x: number; readonly width: number }, lineX: number): boolean {
  return label.x + label.width <= lineX - 1 || label.x >= lineX + 1;
}

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

  it("writes every metric name and area heading whole, on two lines where one is too narrow", () => {
    const metric = (name: string, points: string) => ({
      metric: name,
      category: "Skilling",
      points,
      maxPoints: "30",
      hasPoints: points !== "0",
    });
    const chart = buildCapabilityChart({
      areas: [
        {
          area: "Digital & App Innovation (Azure)",
          eligible: true,
          totalPoints: "42",
          neededTotal: "70",
          meets: false,
          metrics: [
            metric("Net customer adds", "10"),
            metric("Intermediate certifications", "12"),
            metric("Advanced certifications", "0"),
            metric("Usage growth", "10"),
            metric("Deployments", "10"),
          ],
        },
      ],
    });
    for (const width of [280, 360, 500, 700, 1000]) {
      const g = capabilityGeometry(chart, width);
      for (const r of g.rows) {
        expect(r.labelLines.join(" "), `${width}px`).toBe(r.label);
        for (const line of r.labelLines) {
          expect(estimateTextWidth(line, 12, r.kind === "total" ? 600 : 400)).toBeLessThanOrEqual(
            g.labelWidth - 20,
          );
        }
      }
      for (const a of g.areas) {
        expect(a.headingLines.join(" ")).toBe("Digital & App Innovation (Azure) — does not qualify");
        for (const line of a.headingLines)
          expect(estimateTextWidth(line, 13, 600)).toBeLessThanOrEqual(width);
      }
      // Names do not overlap: each row's lines (15px each, centred on its bar) end above the next's.
      const block = (r: (typeof g.rows)[number]) => {
        const centre = r.y + 4 + r.height / 2;
        return [centre - (r.labelLines.length * 15) / 2, centre + (r.labelLines.length * 15) / 2] as const;
      };
      for (let i = 1; i < g.rows.length; i++) {
        expect(block(must(g.rows[i]))[0]).toBeGreaterThanOrEqual(block(must(g.rows[i - 1]))[1]);
      }
      expect(g.barRight - g.barLeft).toBeGreaterThanOrEqual(80);
    }
    expect(capabilityGeometry(chart, 1000).rows.every((r) => r.labelLines.length === 1)).toBe(true);
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

import { describe, expect, it } from "vitest";
import { dayNumber } from "../../components/charts/scales";
import { estimateTextWidth } from "../../components/charts/text-fit";
import type { TimelineStep } from "./api";
import {
  dateTicks,
  deadlineTimeline,
  MIN_WIDTH,
  ROW_HEIGHT,
  STEP_FONT,
  STEP_LINE_HEIGHT,
} from "./deadline-timeline-model";

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error("expected a value");
  return value;
}

/** The timeline the core computes for an application on Wed 2025-09-10 and an audit on Wed 2025-10-01. */
function buildTimeline(): TimelineStep[] {
  const s = (
    id: string,
    count: number,
    unit: string,
    after: string,
    from: string | null,
    due: string | null,
    planned: string | null = null,
    onlyWithGaps = false,
  ): TimelineStep => ({
    id,
    step: id,
    within: { count, unit },
    basis: `${count} ${unit} after ${after}${from === null ? "" : ` (${from})`}`,
    due,
    planned,
    onlyWithGaps,
  });
  return [
    s("schedule", 2, "business days", "approval", "2025-09-10", "2025-09-12"),
    s("audit", 30, "calendar days", "approval", "2025-09-10", "2025-10-10", "2025-10-01"),
    s("gap-report", 2, "business days", "the audit", "2025-10-01", "2025-10-03", null, true),
    s("acknowledgement", 2, "business days", "the Gap Report", "2025-10-03", "2025-10-07", null, true),
    s("gap-review", 15, "calendar days", "the Gap Report", "2025-10-03", "2025-10-18", null, true),
    s("final-report", 5, "business days", "the Gap Review", "2025-10-18", "2025-10-24"),
    s("notification", 2, "business days", "the Final Report", "2025-10-24", "2025-10-28"),
  ];
}

const dates = { applicationDate: "2025-09-10", auditDate: "2025-10-01" };

describe("deadline timeline", () => {
  it("has a row per step, windows from the counting date to the due date", () => {
    const g = deadlineTimeline(buildTimeline(), dates, 900, "2025-09-01");
    expect(g.rows.map((r) => r.id)).toEqual([
      "schedule",
      "audit",
      "gap-report",
      "acknowledgement",
      "gap-review",
      "final-report",
      "notification",
    ]);
    expect(g.rows[1]?.y).toBe(g.plot.top + ROW_HEIGHT);
    for (const r of g.rows) {
      expect(must(r.fromX)).toBeLessThan(must(r.dueX));
      expect(must(r.dueX)).toBeGreaterThanOrEqual(g.plot.left);
      expect(must(r.dueX)).toBeLessThanOrEqual(g.plot.right);
    }
    expect(g.rows.filter((r) => r.onlyWithGaps).map((r) => r.id)).toEqual([
      "gap-report",
      "acknowledgement",
      "gap-review",
    ]);
    // The audit's planned date is before its deadline, and both lines agree.
    const audit = must(g.rows[1]);
    expect(must(audit.plannedX)).toBeLessThan(must(audit.dueX));
    expect(g.auditX).toBe(audit.plannedX);
    expect(g.applicationX).toBe(g.rows[0]?.fromX);
    expect(g.height).toBe(g.plot.bottom + 28);
  });

  it("spans the plan's dates and a nearby today, on a linear day scale", () => {
    const g = deadlineTimeline(buildTimeline(), dates, 900, "2025-09-01");
    expect(must(g.domain).start).toBe("2025-08-29");
    expect(must(g.domain).end).toBe("2025-10-31");
    expect(must(g.todayX)).toBeLessThan(must(g.applicationX));
    const perDay = (must(g.rows[0]?.dueX) - must(g.rows[0]?.fromX)) / 2;
    expect(must(g.rows[1]?.dueX) - must(g.rows[1]?.fromX)).toBeCloseTo(perDay * 30, 6);
  });

  it("leaves a far-away today out rather than squash the plan", () => {
    const g = deadlineTimeline(buildTimeline(), dates, 900, "2025-01-15");
    expect(g.todayX).toBeNull();
    expect(must(g.domain).start).toBe("2025-09-07");
  });

  it("has nothing to draw before any date is planned", () => {
    const steps = buildTimeline().map((s) => ({
      ...s,
      basis: "2 business days after approval",
      due: null,
      planned: null,
    }));
    const g = deadlineTimeline(steps, { applicationDate: null, auditDate: null }, 900, "2025-09-01");
    expect(g.domain).toBeNull();
    expect(g.ticks).toEqual([]);
    expect(g.rows.every((r) => r.dueX === null && r.fromX === null)).toBe(true);
    expect(g.todayX).toBeNull();
  });

  it("keeps a minimum width on narrow screens (the chart scrolls)", () => {
    expect(deadlineTimeline(buildTimeline(), dates, 320).width).toBe(MIN_WIDTH);
  });

  it("widens a short span so a single date still reads as a day", () => {
    const g = deadlineTimeline([], { applicationDate: null, auditDate: "2025-10-01" }, 900);
    expect(must(dayNumber(must(g.domain).end)) - must(dayNumber(must(g.domain).start))).toBe(21 + 6);
    expect(g.auditX).toBeGreaterThan(g.plot.left);
  });
});

describe("date ticks", () => {
  it("ticks Mondays over a few weeks", () => {
    const ticks = dateTicks(must(dayNumber("2025-09-08")), must(dayNumber("2025-10-05")), 8);
    expect(ticks.map((t) => t.date)).toEqual(["2025-09-08", "2025-09-15", "2025-09-22", "2025-09-29"]);
    expect(ticks.every((t) => t.kind === "day")).toBe(true);
  });
  it("ticks every other Monday, then month starts, as the span grows", () => {
    const two = dateTicks(must(dayNumber("2025-09-01")), must(dayNumber("2025-11-30")), 8);
    // Every other Monday counted from a fixed Monday, so the ticks do not shift as the span changes.
    expect(two.map((t) => t.date)).toEqual([
      "2025-09-01",
      "2025-09-15",
      "2025-09-29",
      "2025-10-13",
      "2025-10-27",
      "2025-11-10",
      "2025-11-24",
    ]);
    expect(dateTicks(must(dayNumber("2025-09-03")), must(dayNumber("2025-11-30")), 8)[0]?.date).toBe(
      "2025-09-15",
    );
    const months = dateTicks(must(dayNumber("2025-09-01")), must(dayNumber("2026-03-31")), 8);
    expect(months[0]).toEqual({ date: "2025-09-01", day: must(dayNumber("2025-09-01")), kind: "month" });
    expect(months.every((t) => t.date.endsWith("-01"))).toBe(true);
  });
  it("has none for an empty span", () => {
    expect(dateTicks(10, 10, 5)).toEqual([]);
  });

  it("writes every step's name whole: on one line where there is room, else broken onto more", () => {
    // The program's step names, the longest first.
    const names = [
      "Audit held (4 hours for Module B, 8 hours for A+B)",
      "Gap Report, when there are open action items",
      "Partner acknowledges the Gap Report",
      "Gap Review meeting (one hour at most)",
      "Auditor schedules the audit",
      "Final Report",
      "Microsoft notifies the partner",
    ];
    const steps = buildTimeline().map((s, i) => ({ ...s, step: names[i] as string }));
    for (const width of [MIN_WIDTH, 700, 900, 1400]) {
      const g = deadlineTimeline(steps, dates, width, "2025-09-01");
      for (const r of g.rows) {
        expect(r.stepLines.join(" "), `${width}px`).toBe(r.step);
        for (const line of r.stepLines) {
          expect(estimateTextWidth(line, STEP_FONT.size, STEP_FONT.weight)).toBeLessThanOrEqual(
            g.labelWidth - 16,
          );
        }
        // The lines fit their row, and rows follow each other.
        expect(r.stepLines.length * STEP_LINE_HEIGHT).toBeLessThanOrEqual(r.height - 8);
      }
      g.rows.forEach((r, i) => {
        if (i > 0) expect(r.y).toBe((g.rows[i - 1]?.y ?? 0) + (g.rows[i - 1]?.height ?? 0));
      });
    }
    const wide = deadlineTimeline(steps, dates, 1400, "2025-09-01");
    expect(wide.rows.every((r) => r.stepLines.length === 1)).toBe(true);
  });
});

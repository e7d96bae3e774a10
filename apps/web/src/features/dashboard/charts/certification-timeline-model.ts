import { dateOfDayNumber, dayNumber, linearScale, monthTicks } from "../../../components/charts/scales";
import type { CertificationChartStatus, CertificationsChart } from "../dashboard-charts";

export const CERTIFICATION_STATUS_LABELS: Readonly<Record<CertificationChartStatus, string>> = {
  counting: "Counts",
  expired: "Expired",
  not_yet_earned: "Not yet earned",
  not_associated: "Not associated with the partner",
  does_not_count: "Not a program certification",
};

export interface CertificationBar {
  readonly person: string;
  readonly certification: string;
  readonly counted: string | null;
  readonly status: CertificationChartStatus;
  readonly earnedDate: string | null;
  readonly expiresOn: string | null;
  readonly renewalOpensOn: string | null;
  /** The day its renewal assessment retired or retires, when that stops it being renewed. */
  readonly renewalRetires: string | null;
  readonly x: number;
  readonly width: number;
  readonly y: number;
  readonly height: number;
  /** The file gives no earned date: the bar runs from the chart's left edge. */
  readonly openStart: boolean;
  /** No expiry: the bar runs to the chart's right edge. */
  readonly openEnd: boolean;
}

export interface CertificationTimelineGeometry {
  readonly width: number;
  readonly height: number;
  readonly plot: {
    readonly left: number;
    readonly right: number;
    readonly top: number;
    readonly bottom: number;
  };
  readonly rows: readonly { readonly label: string; readonly y: number; readonly height: number }[];
  readonly bars: readonly CertificationBar[];
  readonly ticks: readonly { readonly date: string; readonly x: number }[];
  readonly asOfX: number;
  /** Drawn when today is not the as-of date and falls inside the chart. */
  readonly todayX: number | null;
  readonly domain: { readonly start: string; readonly end: string };
}

const LANE = 22;
const ROW_GAP = 10;
const YEAR = 365;
/** Dates further than this from the as-of date are clipped: the chart is about the years around it. */
const MAX_REACH = 4 * YEAR;

export function personLabel(person: { readonly personId: string; readonly name: string | null }): string {
  return person.name !== null && person.name.trim() !== "" ? person.name : person.personId;
}

/**
 * A row per person, one lane per certification, bars from earned date to expiry on a shared time axis
 * that spans at least a year before and half a year after the as-of date.
 */
export function certificationTimeline(
  chart: CertificationsChart,
  asOf: string,
  width: number,
  today: string | null = null,
): CertificationTimelineGeometry {
  const asOfDay = dayNumber(asOf) ?? 0;
  let startDay = asOfDay - YEAR;
  let endDay = asOfDay + YEAR / 2;
  for (const p of chart.people) {
    for (const c of p.certifications) {
      const e = c.earnedDate === null ? null : dayNumber(c.earnedDate);
      const x = c.expiresOn === null ? null : dayNumber(c.expiresOn);
      if (e !== null) startDay = Math.min(startDay, e);
      if (x !== null) endDay = Math.max(endDay, x);
    }
  }
  startDay = Math.max(startDay - 15, asOfDay - MAX_REACH);
  endDay = Math.min(endDay + 15, asOfDay + MAX_REACH);
  const labelWidth = Math.min(180, Math.max(110, Math.round(width * 0.22)));
  const plot = { left: labelWidth, right: width - 16, top: 8, bottom: 0 };
  const x = linearScale([startDay, endDay], [plot.left, plot.right]);
  const rows: { label: string; y: number; height: number }[] = [];
  const bars: CertificationBar[] = [];
  let y = plot.top;
  for (const p of chart.people) {
    const lanes = Math.max(1, p.certifications.length);
    const height = lanes * LANE;
    rows.push({ label: personLabel(p), y, height });
    p.certifications.forEach((c, lane) => {
      const e = c.earnedDate === null ? null : dayNumber(c.earnedDate);
      const z = c.expiresOn === null ? null : dayNumber(c.expiresOn);
      const from = Math.max(startDay, e ?? startDay);
      // A certification counts through its expiry day: the bar ends after it.
      const to = Math.min(endDay, z === null ? endDay : z + 1);
      const x0 = x(from);
      const x1 = Math.max(x(to), x0 + 4);
      bars.push({
        person: personLabel(p),
        certification: c.certification,
        counted: c.counted,
        status: c.status,
        earnedDate: c.earnedDate,
        expiresOn: c.expiresOn,
        renewalOpensOn: c.renewalOpensOn,
        renewalRetires: c.renewalRetires,
        x: x0,
        width: x1 - x0,
        y: y + lane * LANE + 3,
        height: LANE - 6,
        openStart: e === null || e < startDay,
        openEnd: z === null || z + 1 > endDay,
      });
    });
    y += height + ROW_GAP;
  }
  plot.bottom = Math.max(y - ROW_GAP, plot.top + LANE);
  const tickWidth = 72;
  const ticks = monthTicks(
    startDay,
    endDay,
    Math.max(2, Math.floor((plot.right - plot.left) / tickWidth)),
  ).map((t) => ({ date: t.date, x: x(t.day) }));
  const todayDay = today === null || today === asOf ? null : dayNumber(today);
  return {
    width,
    height: plot.bottom + 28,
    plot,
    rows,
    bars,
    ticks,
    asOfX: x(asOfDay),
    todayX: todayDay !== null && todayDay >= startDay && todayDay <= endDay ? x(todayDay) : null,
    domain: {
      start: dateOfDayNumber(startDay),
      end: dateOfDayNumber(endDay),
    },
  };
}
